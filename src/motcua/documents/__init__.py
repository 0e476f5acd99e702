"""Official documents: PDF forms 01-06 and results, the tracking book (Excel), fonts, QR.

Public entry points, shared by the API and the pages:
`motcua.documents.forms.render_form(dossier, form, *, base_url) -> bytes` and
`motcua.documents.tracking_book.tracking_book(unit_code, date_from, date_to) -> bytes`.
"""
