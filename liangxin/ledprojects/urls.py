app_name = "ledprojects"

urlpatterns = []
