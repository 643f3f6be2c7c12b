// The studio gallery page (/studio/galleries/{id}). Upload: files chosen or dropped are sent one per request, three at
// a time, with XMLHttpRequest so each has a progress bar (and the batch one); a failed file keeps its place in the
// list with a Retry button that sends that file alone; a duplicate (409 duplicate_photo) says which photo it repeats
// and offers "Upload anyway" (allow_duplicate=true). Finished photos join the grid. The grid: set the cover (PATCH the
// collection), move up/down or drag (PUT photo-order with the whole new order), sort (POST photo-order/sort), delete
// (DELETE, after a second press). No inline script: the page's CSP allows only this file.
(function () {
  'use strict';
  var page = window.LightboxPage;
  if (!page || !page.data) return;
  var data = page.data;
  var call = page.call;
  var tell = page.tell;
  var fail = page.fail;
  var say = page.say;
  var galleryId = data.getAttribute('data-gallery') || '';
  var collectionId = data.getAttribute('data-collection') || '';
  var problem = document.getElementById('problem');
  var grid = document.getElementById('photos');
  var noPhotos = document.getElementById('no-photos');
  var count = document.getElementById('photo-count');
  var CONCURRENCY = 3;

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    for (var name in attributes) if (Object.prototype.hasOwnProperty.call(attributes, name)) node.setAttribute(name, attributes[name]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function photoItems() { return grid ? Array.prototype.slice.call(grid.querySelectorAll('li[data-photo]')) : []; }

  function updateCount() {
    var n = photoItems().length;
    if (count) count.textContent = n === 1 ? '1 photo' : n + ' photos';
    if (noPhotos) noPhotos.hidden = n > 0;
  }

  // ---- the grid ----

  function button(cls, label, text, disabled) {
    var b = el('button', { type: 'button', class: 'small secondary ' + cls, 'aria-label': label }, text);
    if (disabled) b.disabled = true;
    return b;
  }

  /** The same markup the server renders for a photo (src/web/studio-gallery-page.ts). */
  function photoItem(photo) {
    var name = photo.filename;
    var li = el('li', { class: 'studio-photo', 'data-photo': photo.id, 'data-name': name, draggable: 'true' });
    li.appendChild(el('img', { src: '/api/v1/photos/' + photo.id + '/thumbnail', alt: name, width: String(photo.width), height: String(photo.height), loading: 'lazy', decoding: 'async' }));
    var caption = el('p', { class: 'photo-name' });
    caption.appendChild(el('span', {}, name));
    li.appendChild(caption);
    var actions = el('div', { class: 'photo-actions' });
    actions.appendChild(button('set-cover', 'Set ' + name + ' as the cover', 'Cover', false));
    actions.appendChild(button('move-up', 'Move ' + name + ' up', '↑', false));
    actions.appendChild(button('move-down', 'Move ' + name + ' down', '↓', false));
    actions.appendChild(button('delete', 'Delete ' + name, 'Delete', false));
    li.appendChild(actions);
    return li;
  }

  function orderOf() { return photoItems().map(function (li) { return li.getAttribute('data-photo'); }); }

  /** Puts the grid in `ids` order (what the server answered). */
  function arrange(ids) {
    var byId = {};
    photoItems().forEach(function (li) { byId[li.getAttribute('data-photo')] = li; });
    ids.forEach(function (id) { if (byId[id]) grid.appendChild(byId[id]); });
  }

  var saving = Promise.resolve();
  /** Sends the grid's order; changes queue up so two quick moves arrive in order. On failure the server's order comes back. */
  function saveOrder(what) {
    var ids = orderOf();
    saving = saving.then(function () {
      return call('PUT', '/api/v1/galleries/' + galleryId + '/photo-order', { photo_ids: ids }).then(function () {
        tell(what);
      }, function (error) {
        fail(error);
        return call('GET', '/api/v1/galleries/' + galleryId + '/photos?limit=100').then(function (page) {
          if (page && page.meta && page.meta.next_cursor === null) arrange(page.data.map(function (p) { return p.id; }));
        }, function () { /* the error is already shown */ });
      });
    });
    return saving;
  }

  function setCover(li) {
    var id = li.getAttribute('data-photo');
    call('PATCH', '/api/v1/collections/' + collectionId, { cover_photo_id: id }).then(function () {
      photoItems().forEach(function (other) {
        var badge = other.querySelector('.cover-badge');
        if (badge) badge.remove();
        var b = other.querySelector('.set-cover');
        if (b) b.disabled = false;
      });
      li.querySelector('.photo-name').appendChild(document.createTextNode(' '));
      li.querySelector('.photo-name').appendChild(el('span', { class: 'badge cover-badge' }, 'Cover'));
      var own = li.querySelector('.set-cover');
      own.disabled = true;
      data.setAttribute('data-cover', id);
      tell(li.getAttribute('data-name') + ' is now the cover of the collection.');
      var next = li.querySelector('.move-up') || li.querySelector('.delete');
      if (next) next.focus();
    }, fail);
  }

  function move(li, delta, focusClass) {
    var items = photoItems();
    var at = items.indexOf(li);
    var to = at + delta;
    if (to < 0 || to >= items.length) return;
    if (delta < 0) grid.insertBefore(li, items[to]);
    else grid.insertBefore(li, items[to].nextSibling);
    var keep = li.querySelector('.' + focusClass);
    if (keep) keep.focus();
    saveOrder(li.getAttribute('data-name') + ' moved to place ' + (to + 1) + ' of ' + items.length + '.');
  }

  function remove(li, b) {
    if (!page.armed(b, 'Press again to delete ' + li.getAttribute('data-name'))) return;
    b.disabled = true;
    call('DELETE', '/api/v1/photos/' + li.getAttribute('data-photo')).then(function () {
      var items = photoItems();
      var next = items[items.indexOf(li) + 1] || items[items.indexOf(li) - 1];
      var name = li.getAttribute('data-name');
      li.remove();
      updateCount();
      tell(name + ' is deleted.');
      var focus = next && next.querySelector('.delete');
      if (focus) focus.focus();
    }, function (error) {
      page.disarm(b);
      fail(error);
    });
  }

  if (grid) {
    grid.addEventListener('click', function (event) {
      var b = event.target.closest('button');
      if (!b || b.disabled) return;
      var li = b.closest('li[data-photo]');
      if (!li) return;
      if (b.classList.contains('set-cover')) setCover(li);
      else if (b.classList.contains('move-up')) move(li, -1, 'move-up');
      else if (b.classList.contains('move-down')) move(li, 1, 'move-down');
      else if (b.classList.contains('delete')) remove(li, b);
    });

    // Drag to reorder: the dragged photo follows the pointer; dropping it sends the new order.
    var dragged = null;
    var before = null;
    grid.addEventListener('dragstart', function (event) {
      var li = event.target.closest && event.target.closest('li[data-photo]');
      if (!li) return;
      dragged = li;
      before = orderOf().join(',');
      li.classList.add('dragging');
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', li.getAttribute('data-photo'));
    });
    grid.addEventListener('dragover', function (event) {
      if (!dragged) return;
      event.preventDefault();
      var over = event.target.closest && event.target.closest('li[data-photo]');
      if (!over || over === dragged) return;
      var box = over.getBoundingClientRect();
      var after = event.clientX > box.left + box.width / 2;
      grid.insertBefore(dragged, after ? over.nextSibling : over);
    });
    grid.addEventListener('drop', function (event) { if (dragged) event.preventDefault(); });
    grid.addEventListener('dragend', function () {
      if (!dragged) return;
      var li = dragged;
      dragged = null;
      li.classList.remove('dragging');
      if (orderOf().join(',') !== before) saveOrder(li.getAttribute('data-name') + ' moved to place ' + (photoItems().indexOf(li) + 1) + '.');
    });
  }

  var sortForm = document.getElementById('sort-form');
  if (sortForm) {
    sortForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var by = sortForm.elements.by.value;
      var direction = sortForm.elements.direction.value;
      call('POST', '/api/v1/galleries/' + galleryId + '/photo-order/sort', { by: by, direction: direction }).then(function (res) {
        arrange(res.data.photo_ids);
        tell('Sorted by ' + (by === 'filename' ? 'file name' : 'capture time') + (direction === 'desc' ? ', newest or last first.' : '.'));
      }, fail);
    });
  }

  // ---- upload ----

  var input = document.getElementById('files');
  var dropzone = document.getElementById('dropzone');
  var queueList = document.getElementById('queue');
  var batch = document.getElementById('batch');
  var batchProgress = document.getElementById('batch-progress');
  var batchText = document.getElementById('batch-text');
  var jobs = [];
  var active = 0;

  function refreshBatch() {
    if (!batch) return;
    var total = 0;
    var loaded = 0;
    var done = 0;
    var failed = 0;
    jobs.forEach(function (job) {
      total += job.file.size;
      // Only a stored file counts as moved, and one in flight by its progress; a refused one is back to nothing.
      loaded += job.state === 'done' ? job.file.size : job.state === 'sending' ? job.loaded : 0;
      if (job.state === 'done') done++;
      if (job.state === 'failed' || job.state === 'duplicate') failed++;
    });
    batch.hidden = jobs.length === 0;
    batchProgress.max = Math.max(1, total);
    batchProgress.value = loaded;
    var text = done + ' of ' + jobs.length + ' uploaded';
    if (failed > 0) text += ', ' + failed + ' need attention';
    batchText.textContent = text + '.';
    var finished = jobs.every(function (job) { return job.state === 'done' || job.state === 'failed' || job.state === 'duplicate'; });
    if (finished && jobs.length > 0 && !batch.hasAttribute('data-announced')) {
      batch.setAttribute('data-announced', 'true');
      tell(failed === 0 ? 'All ' + done + ' photos are uploaded.' : done + ' uploaded; ' + failed + ' did not go through: see the list.');
    }
  }

  function row(job) {
    var li = el('li', { class: 'upload-item' });
    var name = el('span', { class: 'upload-name' }, job.file.name);
    var bar = el('progress', { max: String(Math.max(1, job.file.size)), value: '0', 'aria-label': 'Upload of ' + job.file.name });
    var note = el('span', { class: 'upload-note muted' }, 'Waiting');
    li.appendChild(name);
    li.appendChild(bar);
    li.appendChild(note);
    job.row = li;
    job.bar = bar;
    job.note = note;
    queueList.appendChild(li);
  }

  function actionButton(job, label, text, handler) {
    var b = el('button', { type: 'button', class: 'small secondary', 'aria-label': label + ' ' + job.file.name }, text);
    b.addEventListener('click', function () {
      clearActions(job);
      handler();
    });
    job.row.appendChild(b);
    return b;
  }

  function clearActions(job) {
    Array.prototype.slice.call(job.row.querySelectorAll('button')).forEach(function (b) { b.remove(); });
  }

  function settle(job, state, note) {
    job.state = state;
    job.row.setAttribute('data-state', state);
    job.note.textContent = note;
    active--;
    refreshBatch();
    pump();
  }

  function send(job) {
    active++;
    job.state = 'sending';
    job.loaded = 0;
    job.row.setAttribute('data-state', 'sending');
    job.note.textContent = 'Uploading';
    var form = new FormData();
    form.append('file', job.file, job.file.name);
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/galleries/' + galleryId + '/photos' + (job.allowDuplicate ? '?allow_duplicate=true' : ''));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrftoken', data.getAttribute('data-csrf') || '');
    xhr.upload.onprogress = function (event) {
      if (!event.lengthComputable) return;
      // The request body is a little larger than the file (the multipart framing): count the file's share.
      job.loaded = Math.min(job.file.size, Math.round(job.file.size * event.loaded / Math.max(1, event.total)));
      job.bar.value = job.loaded;
      refreshBatch();
    };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if (xhr.status === 201 && body && body.data && body.data[0]) {
        job.bar.value = job.bar.max;
        grid.appendChild(photoItem(body.data[0]));
        updateCount();
        settle(job, 'done', 'Uploaded');
        return;
      }
      if (xhr.status === 409 && body && body.code === 'duplicate_photo') {
        var same = body.details && (body.details.existing_filename || body.details.same_as);
        raise(job);
        settle(job, 'duplicate', same ? 'Already in this collection as ' + same : 'Already in this collection');
        actionButton(job, 'Upload anyway:', 'Upload anyway', function () { job.allowDuplicate = true; enqueueAgain(job); });
        actionButton(job, 'Skip', 'Skip', function () { job.note.textContent = 'Skipped (already in the collection)'; });
        return;
      }
      failed(job, body && typeof body.message === 'string' ? body.message : 'The server answered ' + xhr.status);
    };
    xhr.onerror = function () { failed(job, 'The connection failed'); };
    xhr.onabort = function () { failed(job, 'The upload was stopped'); };
    xhr.send(form);
  }

  /** A file that needs a decision goes to the top of the list, where it is seen whatever the list's length. */
  function raise(job) {
    if (queueList.firstChild !== job.row) queueList.insertBefore(job.row, queueList.firstChild);
  }

  function failed(job, why) {
    raise(job);
    settle(job, 'failed', 'Failed: ' + why);
    actionButton(job, 'Retry', 'Retry', function () { enqueueAgain(job); });
  }

  function enqueueAgain(job) {
    job.state = 'waiting';
    job.loaded = 0;
    job.bar.value = 0;
    job.note.textContent = 'Waiting';
    job.row.setAttribute('data-state', 'waiting');
    if (batch) batch.removeAttribute('data-announced');
    refreshBatch();
    pump();
  }

  function pump() {
    for (var i = 0; i < jobs.length && active < CONCURRENCY; i++) {
      if (jobs[i].state === 'waiting') send(jobs[i]);
    }
  }

  function add(files) {
    if (!files || files.length === 0) return;
    if (batch) batch.removeAttribute('data-announced');
    say(problem, '');
    for (var i = 0; i < files.length; i++) {
      var job = { file: files[i], state: 'waiting', loaded: 0, allowDuplicate: false };
      jobs.push(job);
      row(job);
    }
    refreshBatch();
    pump();
  }

  if (input) {
    input.addEventListener('change', function () {
      add(input.files);
      input.value = '';
    });
  }
  if (dropzone) {
    var hasFiles = function (event) { return event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, 'Files') !== -1; };
    dropzone.addEventListener('dragover', function (event) {
      if (!hasFiles(event)) return;
      event.preventDefault();
      dropzone.classList.add('over');
    });
    dropzone.addEventListener('dragleave', function () { dropzone.classList.remove('over'); });
    dropzone.addEventListener('drop', function (event) {
      if (!hasFiles(event)) return;
      event.preventDefault();
      dropzone.classList.remove('over');
      add(event.dataTransfer.files);
    });
  }
  // Leaving while files are still going would lose them: the browser asks first.
  window.addEventListener('beforeunload', function (event) {
    if (jobs.some(function (job) { return job.state === 'waiting' || job.state === 'sending'; })) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
})();
