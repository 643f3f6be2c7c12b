<?php
// Lightbox from PHP with the curl extension: cookie login + CSRF, token mode, JWT obtain and refresh.
$url = rtrim(getenv('LIGHTBOX_URL') ?: 'http://127.0.0.1:8080', '/');
$email = getenv('LIGHTBOX_EMAIL');
$password = getenv('LIGHTBOX_PASSWORD');
if (!$email || !$password) {
    fwrite(STDERR, "set LIGHTBOX_EMAIL and LIGHTBOX_PASSWORD\n");
    exit(1);
}
$jar = tempnam(sys_get_temp_dir(), 'lightbox_cookies');

/** One request; $cookies: use the cookie jar file (the server renews the session cookie on every response). */
function call($method, $path, $body = null, $headers = [], $expect = 200, $cookies = false) {
    global $url, $jar;
    $ch = curl_init();
    $all = $headers;
    if ($body !== null) {
        $all[] = 'Content-Type: application/json';
    }
    curl_setopt_array($ch, [
        CURLOPT_URL => $url . $path,
        CURLOPT_CUSTOMREQUEST => $method,
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_HTTPHEADER => $all,
    ]);
    if ($body !== null) {
        curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($body));
    }
    if ($cookies) {
        curl_setopt($ch, CURLOPT_COOKIEJAR, $jar);
        curl_setopt($ch, CURLOPT_COOKIEFILE, $jar);
    }
    $response = curl_exec($ch);
    $status = curl_getinfo($ch, CURLINFO_HTTP_CODE);
    curl_close($ch);
    if ($status !== $expect) {
        fwrite(STDERR, "$method $path: $status $response\n");
        exit(1);
    }
    return json_decode($response, true);
}

// 1. Cookie session: the jar keeps sessionid and csrftoken; writes send the token in X-CSRFToken.
$login = call('POST', '/api/auth/login', ['email' => $email, 'password' => $password], [], 201, true);
$csrf = $login['csrf_token'];
echo "cookie: logged in as {$login['user']['email']}\n";
$clients = call('GET', '/api/v1/clients?per_page=100', null, [], 200, true);
echo 'cookie: listed ' . count($clients['data']) . " clients\n";
$created = call('POST', '/api/v1/clients', ['email' => 'php-' . time() . '-' . getmypid() . '@example.test', 'first_name' => 'PHP'],
    ["X-CSRFToken: $csrf"], 201, true);
echo "created client {$created['data']['id']}\n";
call('POST', '/api/auth/logout', null, ["X-CSRFToken: $csrf"], 200, true);
echo "cookie: logged out\n";
unlink($jar);

// 2. Token mode: a constant token in X-Auth-Token, no cookie, no CSRF.
$tokenLogin = call('POST', '/api/auth/login', ['email' => $email, 'password' => $password, 'mode' => 'token']);
$auth = ['X-Auth-Token: ' . $tokenLogin['token']];
echo 'token: listed ' . count(call('GET', '/api/v1/clients?per_page=100', null, $auth)['data']) . " clients\n";
call('POST', '/api/auth/logout', null, $auth);
echo "token: logged out\n";

// 3. JWT: obtain a pair, call with Bearer, refresh (the refresh token rotates: keep the new one).
$pair = call('POST', '/api/auth/token/obtain/', ['email' => $email, 'password' => $password]);
echo 'jwt: listed ' . count(call('GET', '/api/v1/clients?per_page=100', null, ['Authorization: Bearer ' . $pair['access']])['data']) . " clients\n";
$next = call('POST', '/api/auth/token/refresh/', ['refresh' => $pair['refresh']]);
if ($next['refresh'] !== $pair['refresh']) {
    echo "jwt: refreshed, new refresh token\n";
}
call('POST', '/api/auth/logout', null, ['Authorization: Bearer ' . $next['access']]);
echo "jwt: logged out\n";
