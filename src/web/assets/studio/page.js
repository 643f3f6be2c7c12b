// What every studio page script shares, loaded before it: the JSON API call with the page's CSRF token (a password
// change replaces it), the status and problem lines, a destructive button's second press, and a copy button.
// Exposed as window.LightboxPage. No inline script: the page's CSP allows only served files.
(function () {
  'use strict';
  var data = document.getElementById('page-data');
  var csrf = data ? data.getAttribute('data-csrf') || '' : '';
  var status = document.getElementById('status');
  var problem = document.getElementById('problem');
  if (problem && !problem.hasAttribute('tabindex')) problem.tabIndex = -1;

  function say(element, text) {
    if (!element) return;
    element.textContent = text;
    element.hidden = text === '';
  }

  /** A success, in the polite status line; any earlier problem goes. */
  function tell(text) {
    say(problem, '');
    say(status, text);
  }

  /** An API error body (or anything thrown) in the alert line, its details named, focus moved to it. */
  function fail(error) {
    say(status, '');
    var text = error && typeof error.message === 'string' ? error.message : 'Something went wrong. Try again.';
    if (error && error.details && typeof error.details === 'object') {
      var parts = [];
      for (var key in error.details) {
        if (Object.prototype.hasOwnProperty.call(error.details, key)) parts.push(key + ': ' + String(error.details[key]));
      }
      if (parts.length > 0) text += ' (' + parts.join('; ') + ')';
    }
    say(problem, text);
    if (problem) problem.focus();
  }

  /** A JSON API call; resolves with the body (null for 204), rejects with the error body. */
  function call(method, path, body) {
    var headers = { accept: 'application/json', 'x-csrftoken': csrf };
    var init = { method: method, headers: headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (res) {
      if (res.status === 204) return null;
      return res.json().then(function (json) {
        if (!res.ok) throw json;
        return json;
      }, function () {
        if (!res.ok) throw { message: 'The server answered ' + res.status + '.' };
        return null;
      });
    });
  }

  /**
   * A destructive button asks once more: the first press arms it (its text, and so its accessible name, says what
   * the second press does) and returns false; a press on an armed button returns true.
   */
  function armed(button, confirmLabel) {
    if (button.getAttribute('data-armed') === 'true') return true;
    button.setAttribute('data-armed', 'true');
    button.setAttribute('data-label', button.textContent);
    if (button.hasAttribute('aria-label')) button.setAttribute('data-aria-label', button.getAttribute('aria-label'));
    button.removeAttribute('aria-label');
    button.textContent = confirmLabel;
    button.classList.add('danger');
    return false;
  }

  /** Back to how it was before the first press (the action failed). */
  function disarm(button) {
    button.disabled = false;
    button.removeAttribute('data-armed');
    button.textContent = button.getAttribute('data-label') || button.textContent;
    if (button.hasAttribute('data-aria-label')) button.setAttribute('aria-label', button.getAttribute('data-aria-label'));
    button.classList.remove('danger');
  }

  /** Copies the field's value; the button says "Copied" for a moment. Refused by the browser: the text is selected. */
  function copy(button, field) {
    var label = button.getAttribute('data-copy-label') || button.textContent;
    button.setAttribute('data-copy-label', label);
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = 'Copied';
      window.setTimeout(function () { button.textContent = label; }, 2500);
    }, function () {
      field.focus();
      field.select();
      fail({ message: 'The browser did not let the page copy: the text is selected, copy it with the keyboard.' });
    });
  }

  window.LightboxPage = {
    data: data,
    say: say,
    tell: tell,
    fail: fail,
    call: call,
    armed: armed,
    disarm: disarm,
    copy: copy,
    /** After a password change the session, and so its CSRF token, is new. */
    setCsrf: function (token) {
      csrf = token;
      if (data) data.setAttribute('data-csrf', token);
    },
  };
})();
