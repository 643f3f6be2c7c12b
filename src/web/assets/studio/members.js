// The members page (/studio/members): each change goes to the JSON API with the page's CSRF token in X-CSRFToken;
// a new invitation's link is shown once, with a copy button. The shared helpers (the call, the status lines, the
// second press) are page.js's. No inline script: the page's CSP allows only served files.
(function () {
  'use strict';
  var page = window.LightboxPage;
  if (!page) return;
  var call = page.call;
  var fail = page.fail;
  var say = page.say;
  var tell = page.tell;
  var status = document.getElementById('status');
  var problem = document.getElementById('problem');

  function reloadWith(notice) {
    window.location.assign('/studio/members?notice=' + encodeURIComponent(notice));
  }

  /** A destructive button asks once more before it acts: the first press arms it, the second acts. */
  function twoStep(button, confirmLabel, action) {
    button.addEventListener('click', function () {
      if (!page.armed(button, confirmLabel)) return;
      button.disabled = true;
      action().catch(function (error) {
        page.disarm(button);
        fail(error);
      });
    });
  }


  Array.prototype.forEach.call(document.querySelectorAll('form.role-form'), function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var select = form.querySelector('select');
      call('PATCH', '/api/v1/members/' + encodeURIComponent(form.getAttribute('data-user')), { role: select.value })
        .then(function () { reloadWith('role_changed'); }, fail);
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll('button.remove'), function (button) {
    twoStep(button, 'Confirm: remove ' + button.getAttribute('data-name'), function () {
      return call('DELETE', '/api/v1/members/' + encodeURIComponent(button.getAttribute('data-user'))).then(function () { reloadWith('removed'); });
    });
  });

  function wireRevoke(button) {
    twoStep(button, 'Confirm: withdraw', function () {
      var id = button.getAttribute('data-invitation');
      return call('DELETE', '/api/v1/invitations/' + encodeURIComponent(id)).then(function () {
        var row = button.closest('tr');
        if (row) row.remove();
        var table = document.getElementById('invitations');
        var none = document.getElementById('no-invitations');
        if (table && table.tBodies[0].children.length === 0) {
          table.hidden = true;
          if (none) none.hidden = false;
        }
        tell('The invitation is withdrawn: its link no longer works.');
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('button.revoke'), wireRevoke);

  /** The server's way of writing a time ("11 Dec 2026, 20:54 UTC"). */
  function when(iso) {
    return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
  }

  var ROLE_LABELS = { owner: 'Owner', admin: 'Admin', member: 'Member', viewer: 'Viewer' };

  function cell(text, label) {
    var td = document.createElement('td');
    td.textContent = text;
    if (label) td.setAttribute('data-label', label);
    return td;
  }

  function addPendingRow(invitation) {
    var body = document.querySelector('#invitations tbody');
    if (!body) return;
    var who = invitation.email || 'Anyone with the link';
    var row = document.createElement('tr');
    row.setAttribute('data-invitation', invitation.id);
    row.appendChild(cell(who));
    row.appendChild(cell(ROLE_LABELS[invitation.role] || invitation.role, 'Role'));
    row.appendChild(cell(when(invitation.expires_at), 'Expires'));
    var action = document.createElement('td');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'small revoke';
    button.textContent = 'Withdraw';
    button.setAttribute('data-invitation', invitation.id);
    button.setAttribute('aria-label', 'Withdraw the invitation for ' + who);
    action.appendChild(button);
    row.appendChild(action);
    body.insertBefore(row, body.firstChild);
    wireRevoke(button);
    var none = document.getElementById('no-invitations');
    if (none) none.hidden = true;
    var table = document.getElementById('invitations');
    if (table) table.hidden = false;
  }

  var inviteForm = document.getElementById('invite-form');
  var result = document.getElementById('invite-result');
  var linkField = document.getElementById('invite-link');
  var copy = document.getElementById('copy-link');
  if (inviteForm) {
    inviteForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var email = inviteForm.elements.email.value.trim();
      var body = { role: inviteForm.elements.role.value };
      if (email !== '') body.email = email;
      var submit = inviteForm.querySelector('button[type=submit]');
      submit.disabled = true;
      call('POST', '/api/v1/invitations', body).then(function (json) {
        submit.disabled = false;
        var invitation = json.data;
        say(problem, '');
        say(status, invitation.mailed ? 'The link is also on its way to ' + invitation.email + '.' : '');
        linkField.value = invitation.link;
        result.hidden = false;
        copy.textContent = 'Copy link';
        linkField.focus();
        linkField.select();
        addPendingRow(invitation);
        inviteForm.reset();
      }, function (error) {
        submit.disabled = false;
        fail(error);
      });
    });
  }

  if (copy) {
    copy.addEventListener('click', function () {
      var done = function () { copy.textContent = 'Copied'; };
      var manual = function () {
        linkField.focus();
        linkField.select();
        copy.textContent = 'Press Ctrl+C (⌘C) to copy';
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(linkField.value).then(done, manual);
      else manual();
    });
  }

  var leave = document.getElementById('leave');
  if (leave) {
    twoStep(leave, 'Confirm: leave ' + leave.getAttribute('data-name'), function () {
      return call('DELETE', '/api/v1/members/me').then(function () { window.location.assign('/login'); });
    });
  }
})();
