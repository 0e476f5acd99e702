"""Citizens pages."""

app_name = "citizens"
urlpatterns: list = []
