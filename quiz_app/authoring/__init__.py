"""Teachers adding questions: import and export (pure Python, no UI).

* :mod:`~quiz_app.authoring.gift`, :mod:`~quiz_app.authoring.moodle_xml`, :mod:`~quiz_app.authoring.csv_format`
  and :mod:`~quiz_app.authoring.pack_zip` import into an :class:`~quiz_app.authoring.items.ImportPreview`
  and export; :mod:`~quiz_app.authoring.anki` exports an Anki deck.
* Importers never write anything and raise only :class:`~quiz_app.authoring.limits.ImportError_`,
  whose message is meant for the teacher; :mod:`~quiz_app.authoring.limits` holds the limits.
"""
