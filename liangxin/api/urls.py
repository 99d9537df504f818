# The API helper fills this in.
urlpatterns = []
