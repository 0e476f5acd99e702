"""Citizen pages: login by one-time code, the online filing wizard, "Hồ sơ của tôi", the
receipt, rating and feedback; and two staff pages (feedback queue, outbox).

Thin (ARCHITECTURE.md): parse, authorise, call `citizens.actions`, render. Every page works
without JavaScript; the upload form is enhanced with a progress bar when JS runs. The e-form
is the counter's renderer (`dossiers.forms` + `dossiers/_eform_node.html`), not a copy.

One module per page area: `login`, `mine` (my dossiers, confirmation, rating), `supplement`,
`filing` (the online filing wizard), `feedback`, `outbox`; `common` holds what they share.
"""
