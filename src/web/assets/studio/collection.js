// The collection page (/studio/collections/new and /studio/collections/{id}). Saves the form through the JSON API
// (POST to create, PATCH to change; the CSRF header from the page), fills the share box (link, the password just set,
// copy buttons, the QR code), and adds or deletes galleries. A new collection turns into its own page without a reload,
// so the password typed for it can still be copied. No inline script: the page's CSP allows only this file.
(function () {
  'use strict';
  var page = window.LightboxPage;
  if (!page || !page.data) return;
  var data = page.data;
  var call = page.call;
  var tell = page.tell;
  var fail = page.fail;
  var say = page.say;
  var linkBase = data.getAttribute('data-link-base') || window.location.origin;
  var form = document.getElementById('collection-form');

  function collectionId() { return data.getAttribute('data-collection') || ''; }
  function $(id) { return document.getElementById(id); }

  function value(name) {
    var field = form.elements[name];
    return field ? String(field.value).trim() : '';
  }
  function isChecked(name) {
    var field = form.elements[name];
    return Boolean(field && field.checked);
  }

  /** The JSON body the form describes; on an existing collection, only what it can change. */
  function bodyOf() {
    var body = {
      name: value('name'),
      event_date: value('event_date') || null,
      expiry_date: value('expiry_date') || null,
      status: form.querySelector('input[name=status]:checked') ? form.querySelector('input[name=status]:checked').value : 'draft',
      downloadable: value('downloadable'),
      require_email_confirmation: isChecked('require_email_confirmation'),
    };
    var password = value('password');
    if (password !== '') body.password = password;
    else if (isChecked('remove_password')) body.password = null;
    var pin = value('download_pin');
    if (pin !== '') body.download_pin = pin;
    else if (isChecked('remove_pin')) body.download_pin = null;
    var limit = value('original_download_limit');
    body.original_download_limit = limit === '' ? null : Number(limit);
    var emails = [];
    Array.prototype.forEach.call(form.querySelectorAll('input[name=client]:checked'), function (box) { emails.push(box.value); });
    value('extra_emails').split(/[\n,;]+/).forEach(function (line) {
      var email = line.trim();
      if (email !== '') emails.push(email);
    });
    body.client_emails = emails;
    var mode = value('wm_mode');
    var watermark = { mode: mode, position: value('wm_position'), opacity: Math.min(1, Math.max(0.05, Number(value('wm_opacity') || '50') / 100)) };
    var text = value('wm_text');
    if (text !== '' || mode === 'text') watermark.text = text === '' ? null : text;
    body.watermark = watermark;
    return body;
  }

  var STATUS_LABELS = { draft: 'Draft', published: 'Published', expired: 'Expired' };

  /** After a save: the title, its badge and the share box say what the server now holds. */
  function show(collection, password) {
    var title = $('title');
    if (title) {
      title.textContent = collection.name + ' ';
      var badge = document.createElement('span');
      badge.className = 'badge status-' + collection.status;
      badge.textContent = STATUS_LABELS[collection.status] || collection.status;
      title.appendChild(badge);
    }
    document.title = collection.name + ' · Lightbox';
    var share = $('share');
    if (share) share.hidden = false;
    $('share-link').value = linkBase + collection.visitor_login_url;
    var qr = $('share-qr');
    if (qr) {
      qr.src = '/studio/collections/' + collection.id + '/qr.svg?v=' + encodeURIComponent(collection.updated_at);
      qr.hidden = false;
    }
    var row = $('share-password-row');
    var note = $('share-password-note');
    if (password) {
      $('share-password').value = password;
      row.hidden = false;
      say(note, '');
    } else if (!collection.password_protected) {
      row.hidden = true;
      say(note, 'No password: anyone with the link (and on the client list, if there is one) can open it.');
    } else if (row.hidden) {
      say(note, 'The gallery has a password. Lightbox keeps it hashed, so it cannot be shown here; set a new one below to share it again.');
    }
    say($('share-status-note'), collection.status === 'draft' ? 'This collection is a draft: clients cannot open it until you publish it.' : '');
    form.elements.password.value = '';
    if (form.elements.download_pin) form.elements.download_pin.value = '';
  }

  if (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = bodyOf();
      var id = collectionId();
      var save = $('save');
      if (save) save.disabled = true;
      var request = id === ''
        ? call('POST', '/api/v1/collections', body)
        : call('PATCH', '/api/v1/collections/' + id, body);
      request.then(function (res) {
        var collection = res.data;
        var created = id === '';
        if (created) {
          data.setAttribute('data-collection', collection.id);
          window.history.replaceState(null, '', '/studio/collections/' + collection.id);
          if (save) save.textContent = 'Save changes';
          var section = $('galleries-section');
          if (section) section.hidden = false;
        }
        show(collection, body.password || null);
        tell(created ? 'The collection is created. Add its galleries below, then share it.' : 'Saved.');
      }, fail).then(function () { if (save) save.disabled = false; });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (b) {
    b.addEventListener('click', function () { page.copy(b, $(b.getAttribute('data-copy'))); });
  });

  var galleries = $('galleries');
  var galleryForm = $('gallery-form');
  function galleryItem(gallery) {
    var li = document.createElement('li');
    li.setAttribute('data-gallery', gallery.id);
    var a = document.createElement('a');
    a.href = '/studio/galleries/' + gallery.id;
    a.textContent = gallery.name;
    li.appendChild(a);
    var count = document.createElement('span');
    count.className = 'muted';
    count.textContent = ' ' + (gallery.photo_count === 1 ? '1 photo' : (gallery.photo_count || 0) + ' photos');
    li.appendChild(count);
    li.appendChild(document.createTextNode(' '));
    var del = document.createElement('button');
    del.type = 'button';
    del.className = 'small secondary delete-gallery';
    del.setAttribute('data-gallery', gallery.id);
    del.setAttribute('aria-label', 'Delete the gallery ' + gallery.name);
    del.textContent = 'Delete';
    li.appendChild(del);
    return li;
  }
  if (galleryForm) {
    galleryForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var name = galleryForm.elements.name.value.trim();
      if (name === '' || collectionId() === '') return;
      call('POST', '/api/v1/collections/' + collectionId() + '/galleries', { name: name }).then(function (res) {
        galleries.appendChild(galleryItem(res.data));
        say($('no-galleries'), '');
        galleryForm.elements.name.value = '';
        tell('The gallery "' + res.data.name + '" is added. Open it to upload photos.');
      }, fail);
    });
  }
  if (galleries) {
    galleries.addEventListener('click', function (event) {
      var b = event.target.closest('button.delete-gallery');
      if (!b || b.disabled || !page.armed(b, 'Delete it and its photos')) return;
      b.disabled = true;
      var li = b.closest('li');
      call('DELETE', '/api/v1/galleries/' + b.getAttribute('data-gallery')).then(function () {
        li.remove();
        if (!galleries.querySelector('li')) { var none = $('no-galleries'); if (none) none.hidden = false; }
        tell('The gallery is deleted.');
      }, function (error) {
        page.disarm(b);
        fail(error);
      });
    });
  }
})();
