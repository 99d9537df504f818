app_name = "annualreports"

urlpatterns = []
