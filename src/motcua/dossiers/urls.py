"""Staff pages for dossiers (counter intake, work queues, dossier page)."""

app_name = "dossiers"
urlpatterns: list = []
