# The pages helper fills this in: login, home, registry lists, details, forms, trees, audit.
urlpatterns = []
