"""Account pages (owned by the accounts work)."""

app_name = "accounts"
urlpatterns: list = []
