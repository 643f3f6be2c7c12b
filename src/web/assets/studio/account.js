// The account page (/account): the profile, the password, personal access tokens and application keys, each sent to
// the JSON API with the page's CSRF token. A new secret is shown once in its box with a copy button; a revoke asks
// once more. After a password change the session is new, and so is its CSRF token: later calls use the new one.
(function () {
  'use strict';
  var page = window.LightboxPage;
  if (!page || !page.data) return;
  var call = page.call;
  var tell = page.tell;
  var fail = page.fail;
  var say = page.say;
  var status = document.getElementById('status');
  function $(id) { return document.getElementById(id); }

  function when(iso) {
    if (!iso) return 'Never';
    return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
  }
  function cell(tr, text, label) {
    var td = document.createElement('td');
    if (label) td.setAttribute('data-label', label);
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }
  function nameCell(tr, name, prefix) {
    var td = document.createElement('td');
    var strong = document.createElement('strong');
    strong.textContent = name;
    var code = document.createElement('code');
    code.className = 'muted';
    code.textContent = prefix + '…';
    td.appendChild(strong);
    td.appendChild(document.createElement('br'));
    td.appendChild(code);
    tr.appendChild(td);
  }
  function revokeButton(kind, id, name) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'small secondary revoke';
    b.setAttribute('data-kind', kind);
    b.setAttribute('data-id', id);
    b.setAttribute('aria-label', 'Revoke the ' + (kind === 'token' ? 'token ' : 'key ') + name);
    b.textContent = 'Revoke';
    return b;
  }
  function showSecret(kind, secret) {
    $(kind + '-secret').value = secret;
    $(kind + '-result').hidden = false;
    $(kind + '-secret').focus();
    $(kind + '-secret').select();
  }

  var profile = $('profile-form');
  if (profile) {
    profile.addEventListener('submit', function (event) {
      event.preventDefault();
      call('PATCH', '/api/v1/account', { first_name: profile.elements.first_name.value, last_name: profile.elements.last_name.value })
        .then(function (res) {
          profile.elements.first_name.value = res.data.first_name;
          profile.elements.last_name.value = res.data.last_name;
          tell('Your profile is saved.');
        }, fail);
    });
  }

  var password = $('password-form');
  if (password) {
    password.addEventListener('submit', function (event) {
      event.preventDefault();
      call('POST', '/api/auth/password', {
        current_password: password.elements.current_password.value,
        new_password: password.elements.new_password.value,
        revoke_personal_access_tokens: password.elements.revoke_personal_access_tokens.checked,
      }).then(function (res) {
        if (res && res.csrf_token) page.setCsrf(res.csrf_token);
        password.reset();
        tell('Your password is changed. Your other sessions have ended; this browser stays signed in.');
      }, fail);
    });
  }

  var tokenForm = $('token-form');
  if (tokenForm) {
    tokenForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var scopes = [];
      Array.prototype.forEach.call(tokenForm.querySelectorAll('input[name=scope]:checked'), function (box) { scopes.push(box.value); });
      if (scopes.length === 0) return fail({ message: 'Choose at least one scope.' });
      var body = { name: tokenForm.elements.name.value.trim(), scopes: scopes };
      var expires = tokenForm.elements.expires.value;
      if (expires) body.expires_at = expires + 'T23:59:59Z';
      var proof = tokenForm.elements.current_password.value;
      if (proof) body.current_password = proof;
      call('POST', '/api/v1/access-tokens', body).then(function (res) {
        var t = res.data;
        var tr = document.createElement('tr');
        tr.setAttribute('data-token', t.id);
        nameCell(tr, t.name, t.token_prefix);
        cell(tr, t.scopes.join(', '), 'Scopes');
        cell(tr, when(t.created_at), 'Created');
        cell(tr, 'Never', 'Last used');
        cell(tr, when(t.expires_at), 'Expires');
        cell(tr, '').appendChild(revokeButton('token', t.id, t.name));
        $('tokens').querySelector('tbody').appendChild(tr);
        $('tokens').hidden = false;
        say($('no-tokens'), '');
        tokenForm.elements.name.value = '';
        tokenForm.elements.current_password.value = '';
        say(status, '');
        showSecret('token', t.token);
      }, fail);
    });
  }

  var keyForm = $('key-form');
  if (keyForm) {
    keyForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = { name: keyForm.elements.name.value.trim() };
      var proof = keyForm.elements.current_password.value;
      if (proof) body.current_password = proof;
      call('POST', '/api/v1/app-keys', body).then(function (res) {
        var k = res.data;
        var tr = document.createElement('tr');
        tr.setAttribute('data-key', k.id);
        nameCell(tr, k.name, k.key_prefix);
        cell(tr, when(k.created_at), 'Created');
        cell(tr, 'Never', 'Last used');
        cell(tr, '').appendChild(revokeButton('key', k.id, k.name));
        $('keys').querySelector('tbody').appendChild(tr);
        $('keys').hidden = false;
        say($('no-keys'), '');
        keyForm.elements.name.value = '';
        keyForm.elements.current_password.value = '';
        say(status, '');
        showSecret('key', k.key);
      }, fail);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (b) {
    b.addEventListener('click', function () { page.copy(b, $(b.getAttribute('data-copy'))); });
  });

  // Revoke, after a second press (tokens and keys alike).
  document.addEventListener('click', function (event) {
    var b = event.target.closest ? event.target.closest('button.revoke') : null;
    if (!b || b.disabled || !page.armed(b, 'Revoke now')) return;
    b.disabled = true;
    var kind = b.getAttribute('data-kind');
    var path = (kind === 'token' ? '/api/v1/access-tokens/' : '/api/v1/app-keys/') + b.getAttribute('data-id');
    call('DELETE', path).then(function () {
      var td = b.parentNode;
      td.textContent = 'Revoked';
      tell(kind === 'token' ? 'The token is revoked: it stops working at once.' : 'The key is revoked: that app is refused from now on.');
    }, function (error) {
      page.disarm(b);
      fail(error);
    });
  });
})();
