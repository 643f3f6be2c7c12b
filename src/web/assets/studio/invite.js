// The invitation page (/invite/{token}): join as the signed-in user, or create an account, through
// POST /api/auth/invitations/accept; a failure is shown next to its field or above the form.
(function () {
  'use strict';
  var data = document.getElementById('page-data');
  if (!data) return;
  var token = data.getAttribute('data-token') || '';
  var csrf = data.getAttribute('data-csrf') || '';
  var problem = document.getElementById('problem');
  if (problem) problem.tabIndex = -1;

  function say(text) {
    problem.textContent = text;
    problem.hidden = text === '';
    if (text !== '') problem.focus();
  }

  function clearFieldErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll('.field-error'), function (p) {
      p.textContent = '';
      p.hidden = true;
    });
    Array.prototype.forEach.call(form.querySelectorAll('input'), function (input) {
      input.removeAttribute('aria-invalid');
      var hint = document.getElementById(input.id + '-hint');
      if (hint) input.setAttribute('aria-describedby', hint.id);
      else input.removeAttribute('aria-describedby');
    });
  }

  /** Ajv's "must NOT have fewer than 15 characters" as a sentence a person reads. */
  function sentence(text) {
    var t = text === 'is required' ? 'This field is required' : String(text).replace(/\bNOT\b/g, 'not');
    t = t.charAt(0).toUpperCase() + t.slice(1);
    return /[.!?]$/.test(t) ? t : t + '.';
  }

  /** Shows per-field messages; returns true when at least one field took a message. */
  function showFieldErrors(form, details) {
    var first = null;
    for (var key in details) {
      if (!Object.prototype.hasOwnProperty.call(details, key)) continue;
      var name = key.replace(/^account\./, '');
      var input = form.querySelector('[name="' + name + '"]');
      var slot = document.getElementById(name + '-error');
      if (!input || !slot) continue;
      slot.textContent = sentence(details[key]);
      slot.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      var described = [input.getAttribute('aria-describedby'), slot.id].filter(Boolean).join(' ');
      input.setAttribute('aria-describedby', described);
      if (!first) first = input;
    }
    if (first) first.focus();
    return first !== null;
  }

  function accept(body) {
    var headers = { accept: 'application/json', 'content-type': 'application/json' };
    if (csrf !== '') headers['x-csrftoken'] = csrf;
    return fetch('/api/auth/invitations/accept', { method: 'POST', headers: headers, credentials: 'same-origin', body: JSON.stringify(body) })
      .then(function (res) {
        return res.json().then(function (json) {
          if (!res.ok) throw json;
          return json;
        }, function () {
          throw { message: 'The server answered ' + res.status + '.' };
        });
      });
  }

  function message(error) {
    if (error && error.code === 'too_many_attempts') return 'Too many attempts from this address. Wait a few minutes and try again.';
    return error && typeof error.message === 'string' ? sentence(error.message) : 'Something went wrong. Try again.';
  }

  var join = document.getElementById('join');
  if (join) {
    join.addEventListener('click', function () {
      join.disabled = true;
      accept({ token: token, switch_studio: true }).then(function () {
        window.location.assign('/');
      }, function (error) {
        join.disabled = false;
        say(message(error));
      });
    });
  }

  var form = document.getElementById('account-form');
  if (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearFieldErrors(form);
      say('');
      var account = {};
      ['email', 'username', 'first_name', 'last_name', 'password'].forEach(function (name) {
        var value = form.elements[name].value;
        if (name === 'password' || value.trim() !== '') account[name] = name === 'password' ? value : value.trim();
      });
      var submit = form.querySelector('button[type=submit]');
      submit.disabled = true;
      accept({ token: token, account: account }).then(function () {
        window.location.assign('/');
      }, function (error) {
        submit.disabled = false;
        var onFields = error && error.details && typeof error.details === 'object' && showFieldErrors(form, error.details);
        if (!onFields || (error.code !== 'validation_failed' && error.code !== 'weak_password')) say(message(error));
        else problem.hidden = true;
      });
    });
  }
})();
