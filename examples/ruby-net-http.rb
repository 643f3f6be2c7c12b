# Lightbox from Ruby with Net::HTTP (standard library): cookie login + CSRF, token mode, JWT obtain and refresh.
require 'json'
require 'net/http'
require 'uri'

BASE = URI((ENV['LIGHTBOX_URL'] || 'http://127.0.0.1:8080').chomp('/'))
EMAIL = ENV.fetch('LIGHTBOX_EMAIL')
PASSWORD = ENV.fetch('LIGHTBOX_PASSWORD')
HTTP = Net::HTTP.new(BASE.host, BASE.port)
HTTP.use_ssl = BASE.scheme == 'https'
COOKIES = {}

def call(klass, path, body: nil, headers: {}, expect: 200, cookies: false)
  request = klass.new(URI.join("#{BASE}/", path.sub(%r{\A/}, '')))
  headers.each { |name, value| request[name] = value }
  request['Cookie'] = COOKIES.map { |n, v| "#{n}=#{v}" }.join('; ') if cookies && !COOKIES.empty?
  if body
    request['Content-Type'] = 'application/json'
    request.body = JSON.generate(body)
  end
  response = HTTP.request(request)
  if cookies
    # The server renews the session cookie on every response: keep the newest values.
    (response.get_fields('set-cookie') || []).each do |line|
      name, value = line.split(';', 2).first.split('=', 2)
      value.nil? || value.empty? ? COOKIES.delete(name) : COOKIES[name] = value
    end
  end
  abort("#{request.method} #{path}: #{response.code} #{response.body}") unless response.code.to_i == expect
  response.body.nil? || response.body.empty? ? nil : JSON.parse(response.body)
end

# 1. Cookie session: keep sessionid and csrftoken; writes send the token in X-CSRFToken.
login = call(Net::HTTP::Post, '/api/auth/login', body: { email: EMAIL, password: PASSWORD }, expect: 201, cookies: true)
csrf = login['csrf_token']
puts "cookie: logged in as #{login['user']['email']}"
clients = call(Net::HTTP::Get, '/api/v1/clients?per_page=100', cookies: true)
puts "cookie: listed #{clients['data'].length} clients"
created = call(Net::HTTP::Post, '/api/v1/clients', body: { email: "ruby-#{Time.now.to_i}-#{Process.pid}@example.test", first_name: 'Ruby' },
                                                   headers: { 'X-CSRFToken' => csrf }, expect: 201, cookies: true)
puts "created client #{created['data']['id']}"
call(Net::HTTP::Post, '/api/auth/logout', headers: { 'X-CSRFToken' => csrf }, cookies: true)
puts 'cookie: logged out'

# 2. Token mode: a constant token in X-Auth-Token, no cookie, no CSRF.
token = call(Net::HTTP::Post, '/api/auth/login', body: { email: EMAIL, password: PASSWORD, mode: 'token' })['token']
puts "token: listed #{call(Net::HTTP::Get, '/api/v1/clients?per_page=100', headers: { 'X-Auth-Token' => token })['data'].length} clients"
call(Net::HTTP::Post, '/api/auth/logout', headers: { 'X-Auth-Token' => token })
puts 'token: logged out'

# 3. JWT: obtain a pair, call with Bearer, refresh (the refresh token rotates: keep the new one).
pair = call(Net::HTTP::Post, '/api/auth/token/obtain/', body: { email: EMAIL, password: PASSWORD })
listed = call(Net::HTTP::Get, '/api/v1/clients?per_page=100', headers: { 'Authorization' => "Bearer #{pair['access']}" })
puts "jwt: listed #{listed['data'].length} clients"
nxt = call(Net::HTTP::Post, '/api/auth/token/refresh/', body: { refresh: pair['refresh'] })
puts 'jwt: refreshed, new refresh token' if nxt['refresh'] != pair['refresh']
call(Net::HTTP::Post, '/api/auth/logout', headers: { 'Authorization' => "Bearer #{nxt['access']}" })
puts 'jwt: logged out'
