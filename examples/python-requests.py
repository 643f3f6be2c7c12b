# Lightbox from Python with requests: cookie login + CSRF, token mode, JWT obtain and refresh (with re-login on 401).
import os
import sys
import time

import requests

URL = os.environ.get("LIGHTBOX_URL", "http://127.0.0.1:8080").rstrip("/")
EMAIL = os.environ["LIGHTBOX_EMAIL"]
PASSWORD = os.environ["LIGHTBOX_PASSWORD"]


def check(response, expected):
    if response.status_code != expected:
        sys.exit(f"{response.request.method} {response.url}: {response.status_code} {response.text}")
    return response.json() if response.content else None


# 1. Cookie session: requests.Session keeps sessionid and csrftoken; writes send the token in X-CSRFToken.
session = requests.Session()
login = check(session.post(f"{URL}/api/auth/login", json={"email": EMAIL, "password": PASSWORD}), 201)
csrf = login["csrf_token"]
print(f"cookie: logged in as {login['user']['email']}")
clients = check(session.get(f"{URL}/api/v1/clients", params={"per_page": 100}), 200)
print(f"cookie: listed {len(clients['data'])} clients")
email = f"python-{int(time.time())}-{os.getpid()}@example.test"
created = check(session.post(f"{URL}/api/v1/clients", json={"email": email, "first_name": "Python"}, headers={"X-CSRFToken": csrf}), 201)
print(f"created client {created['data']['id']}")
check(session.post(f"{URL}/api/auth/logout", headers={"X-CSRFToken": csrf}), 200)
print("cookie: logged out")


# 2. Token mode: a constant token in X-Auth-Token; on 401 log in again once.
class TokenClient:
    def __init__(self):
        self.token = None

    def login(self):
        body = check(requests.post(f"{URL}/api/auth/login", json={"email": EMAIL, "password": PASSWORD, "mode": "token"}), 200)
        self.token = body["token"]

    def request(self, method, path, **kwargs):
        if self.token is None:
            self.login()
        response = requests.request(method, f"{URL}{path}", headers={"X-Auth-Token": self.token}, **kwargs)
        if response.status_code == 401:
            self.login()
            response = requests.request(method, f"{URL}{path}", headers={"X-Auth-Token": self.token}, **kwargs)
        return response


tokens = TokenClient()
clients = check(tokens.request("GET", "/api/v1/clients", params={"per_page": 100}), 200)
print(f"token: listed {len(clients['data'])} clients")
check(tokens.request("POST", "/api/auth/logout"), 200)
print("token: logged out")

# 3. JWT: obtain a pair, call with Bearer, refresh (the refresh token rotates: keep the new one).
pair = check(requests.post(f"{URL}/api/auth/token/obtain/", json={"email": EMAIL, "password": PASSWORD}), 200)
bearer = {"Authorization": f"Bearer {pair['access']}"}
clients = check(requests.get(f"{URL}/api/v1/clients", params={"per_page": 100}, headers=bearer), 200)
print(f"jwt: listed {len(clients['data'])} clients")
new_pair = check(requests.post(f"{URL}/api/auth/token/refresh/", json={"refresh": pair["refresh"]}), 200)
if new_pair["refresh"] != pair["refresh"]:
    print("jwt: refreshed, new refresh token")
check(requests.post(f"{URL}/api/auth/logout", headers={"Authorization": f"Bearer {new_pair['access']}"}), 200)
print("jwt: logged out")
