app_name = "cobuilding"

urlpatterns = []
