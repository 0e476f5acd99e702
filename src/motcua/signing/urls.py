"""Signing pages."""

app_name = "signing"
urlpatterns: list = []
