"""The Django project of the cchc platform: settings, URL map, WSGI entry."""
