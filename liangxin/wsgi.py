import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangxin.settings")
application = get_wsgi_application()

# The URLconf imports every app's views; load it now rather than on the first request, then
# move what the process holds for good (Django, the apps, their modules) out of the garbage
# collector's sight. Without this, a full collection walked those objects every dozen page
# requests or so: about 80 ms of a page's time once in a while (the p95 of the compliance
# page on the province dataset was twice its median, make bench --suite life).
get_resolver().url_patterns  # noqa: B018 (loads the URLconf)
gc.freeze()
