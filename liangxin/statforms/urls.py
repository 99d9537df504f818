app_name = "statforms"

urlpatterns = []
