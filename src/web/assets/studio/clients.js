// The clients page (/studio/clients): adds a client through the JSON API (a new row at the top, no reload) and
// deletes one after a second press, with the shared helpers of page.js (the CSRF header, the status lines).
(function () {
  'use strict';
  var page = window.LightboxPage;
  if (!page || !page.data) return;
  var call = page.call;
  var tell = page.tell;
  var fail = page.fail;
  var say = page.say;
  var table = document.getElementById('clients');

  function td(tr, label) {
    var cell = document.createElement('td');
    if (label) cell.setAttribute('data-label', label);
    tr.appendChild(cell);
    return cell;
  }

  var form = document.getElementById('client-form');
  if (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = { email: form.elements.email.value.trim(), first_name: form.elements.first_name.value.trim(), last_name: form.elements.last_name.value.trim(), type: form.elements.type.value };
      call('POST', '/api/v1/clients', body).then(function (res) {
        var c = res.data;
        var name = (c.first_name + ' ' + c.last_name).trim();
        var tr = document.createElement('tr');
        tr.setAttribute('data-client', c.id);
        var who = td(tr);
        var strong = document.createElement('strong');
        strong.textContent = name || c.email;
        who.appendChild(strong);
        if (name) {
          who.appendChild(document.createElement('br'));
          var mail = document.createElement('span');
          mail.className = 'muted';
          mail.textContent = c.email;
          who.appendChild(mail);
        }
        td(tr, 'Type').textContent = c.type === 'lead' ? 'Lead' : 'Client';
        var none = document.createElement('span');
        none.className = 'muted';
        none.textContent = 'None';
        td(tr, 'Collections').appendChild(none);
        td(tr, 'Added').textContent = 'Just now';
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'small secondary delete-client';
        b.setAttribute('data-client', c.id);
        b.setAttribute('aria-label', 'Delete ' + (name || c.email));
        b.textContent = 'Delete';
        td(tr).appendChild(b);
        var body_ = table.querySelector('tbody');
        body_.insertBefore(tr, body_.firstChild);
        table.hidden = false;
        say(document.getElementById('no-clients'), '');
        form.reset();
        tell((name || c.email) + ' is added.');
      }, fail);
    });
  }
  if (table) {
    table.addEventListener('click', function (event) {
      var b = event.target.closest('button.delete-client');
      if (!b || b.disabled || !page.armed(b, 'Delete for good')) return;
      b.disabled = true;
      call('DELETE', '/api/v1/clients/' + b.getAttribute('data-client')).then(function () {
        b.closest('tr').remove();
        tell('The client is deleted.');
      }, function (error) {
        page.disarm(b);
        fail(error);
      });
    });
  }
})();
