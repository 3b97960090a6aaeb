// deepdream studio: a form over the JSON API, live progress by server-sent events.
const $ = id => document.getElementById(id);
let models = [], file = null, clip = null, current = null, events = null;

for (const id of ['iterations', 'step', 'octaves', 'octaveScale', 'persistence'])
  $(id).addEventListener('input', () => $(id + '-value').textContent = $(id).value);
function setSlider(id, value) { $(id).value = value; $(id + '-value').textContent = value; }

async function loadModels() {
  models = (await (await fetch('/api/models')).json()).filter(m => m.installed);
  $('model').innerHTML = models.map(m => `<option>${m.name}</option>`).join('');
  showLayers();
}
function showLayers() {
  const model = models.find(m => m.name === $('model').value);
  $('layer').innerHTML = model ? model.layers.map(l => `<option value="${l.name}">${l.name} (${l.channels} channels)</option>`).join('') : '';
  if (model) $('layer').value = model.defaultLayer;
}
$('model').addEventListener('change', showLayers);
$('look').addEventListener('change', () => $('custom').hidden = $('look').value !== 'custom');

function choose(f) {
  file = f;
  $('source').src = URL.createObjectURL(f);
  $('source').hidden = false;
  $('drop-text').textContent = f.name;
}
// A clip is an upload, or { from: the id of an earlier video job }.
function chooseClip(c, text) {
  clip = c;
  $('clip-text').textContent = text;
  $('clip-source').hidden = !(c instanceof Blob);
  if (c instanceof Blob) $('clip-source').src = URL.createObjectURL(c);
  $('clip-panel').open = true;
}
$('image').addEventListener('change', e => e.target.files[0] && choose(e.target.files[0]));
$('clip').addEventListener('change', e => e.target.files[0] && chooseClip(e.target.files[0], e.target.files[0].name));
$('drop').addEventListener('dragover', e => { e.preventDefault(); $('drop').classList.add('over'); });
$('drop').addEventListener('dragleave', () => $('drop').classList.remove('over'));
$('drop').addEventListener('drop', e => {
  e.preventDefault();
  $('drop').classList.remove('over');
  const f = e.dataTransfer.files[0];
  if (f) f.type.startsWith('video/') ? chooseClip(f, f.name) : choose(f);
});

function options() {
  const form = new FormData();
  form.append('model', $('model').value);
  const look = $('look').value;
  if (look === 'custom') { form.append('layer', $('layer').value); if ($('channel').value) form.append('channel', $('channel').value); }
  else if (look) form.append('layer', look);
  for (const id of ['iterations', 'step', 'octaves', 'octaveScale']) form.append(id, $(id).value);
  return form;
}

async function submit(path, form) {
  const response = await fetch(path, { method: 'POST', body: form });
  const body = await response.json();
  if (!response.ok) { $('status').textContent = body.detail || 'The request failed.'; return; }
  follow(body.id);
}

$('dream-form').addEventListener('submit', async e => {
  e.preventDefault();
  if (!file) { $('status').textContent = 'Choose an image first.'; return; }
  const form = options();
  form.append('image', file);
  await submit('/api/dreams', form);
});

$('make-zoom').addEventListener('click', async () => {
  if (!current) { $('status').textContent = 'Dream on an image first.'; return; }
  const form = options();
  form.append('from', current);
  for (const id of ['dreamSteps', 'zoomSteps', 'zoom', 'fps', 'format']) form.append(id, $(id).value);
  await submit('/api/zooms', form);
});

$('dream-clip').addEventListener('click', async () => {
  if (!clip) { $('status').textContent = 'Choose a clip first.'; return; }
  const form = options();
  form.set('iterations', $('frameIterations').value);
  for (const [field, id] of [['firstIterations', 'firstIterations'], ['flow', 'flow'], ['persistence', 'persistence'], ['start', 'start'], ['end', 'end'], ['format', 'clip-format']])
    if ($(id).value) form.append(field, $(id).value);
  if (clip instanceof Blob) form.append('video', clip); else form.append('from', clip.from);
  await submit('/api/videos', form);
});

$('cancel').addEventListener('click', () => current && fetch(`/api/jobs/${current}`, { method: 'DELETE' }));

function follow(id) {
  current = id;
  if (events) events.close();
  $('cancel').disabled = false;
  $('downloads').hidden = true;
  $('video').hidden = true;
  events = new EventSource(`/api/jobs/${id}/events`);
  events.addEventListener('progress', e => show(JSON.parse(e.data)));
}

function show(job) {
  $('progress').value = job.progress;
  const eta = job.remainingSeconds != null ? `, about ${Math.ceil(job.remainingSeconds)} s to go` : '';
  const text = {
    queued: `Waiting in line (place ${job.queuePosition}).`,
    running: `${Math.round(job.progress * 100)}% — ${job.message || 'starting'}${eta}`,
    done: 'Done.', failed: `Failed: ${job.error}`, cancelled: 'Cancelled.',
  };
  $('status').textContent = text[job.status];
  if (job.preview) { $('preview').src = job.preview; $('preview').hidden = false; }
  if (['done', 'failed', 'cancelled'].includes(job.status)) {
    events.close();
    $('cancel').disabled = true;
    if (job.status === 'done') finished(job);
    loadGallery();
  }
}

function finished(job) {
  const still = job.kind === 'dream', moving = !still && job.options.format !== 'gif';
  $('download-png').hidden = $('download-jpg').hidden = !still;
  $('download-video').hidden = still;
  $('download-png').href = $('download-video').href = `${job.result}?download=true`;
  $('download-jpg').href = `${job.result}?format=jpg&download=true`;
  $('downloads').hidden = false;
  $('video').hidden = !moving;
  $('preview').hidden = moving;
  if (moving) $('video').src = job.result;
  else $('preview').src = `${job.result}?v=${Date.now()}`;
}

// Built from elements, not HTML: job options come from users.
function galleryItem(job) {
  const item = document.createElement('li'), picture = document.createElement('img'), text = document.createElement('div');
  picture.src = job.kind === 'dream' ? job.result : `/api/jobs/${job.id}/input`;
  picture.alt = `${job.kind} on layer ${job.options.layer || 'default'}`;
  text.textContent = `${job.kind}: ${job.options.layer || 'default layer'}, ${job.options.iterations} steps × ${job.options.octaves} scales`;
  item.append(picture, text);
  for (const [label, action] of [['Open', 'open'], ['Delete', 'delete']]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.dataset[action] = job.id;
    item.append(button);
  }
  return item;
}

async function loadGallery() {
  const jobs = await (await fetch('/api/jobs')).json();
  $('gallery').replaceChildren(...jobs.filter(j => j.status === 'done').map(galleryItem));
}
$('gallery').addEventListener('click', async e => {
  const open = e.target.dataset.open, remove = e.target.dataset.delete;
  if (remove) { await fetch(`/api/jobs/${remove}`, { method: 'DELETE' }); loadGallery(); }
  if (open) {
    const job = await (await fetch(`/api/jobs/${open}`)).json();
    const o = job.options;
    for (const id of ['step', 'octaves', 'octaveScale']) setSlider(id, o[id]);
    $('model').value = o.model; showLayers();
    if (o.layer) { $('look').value = 'custom'; $('custom').hidden = false; $('layer').value = o.layer; $('channel').value = o.channel ?? ''; }
    if (job.kind === 'video') {
      for (const [id, value] of [['frameIterations', o.iterations], ['firstIterations', o.firstIterations], ['flow', o.flow], ['start', o.start], ['end', o.end ?? ''], ['clip-format', o.format]])
        $(id).value = value;
      setSlider('persistence', o.persistence);
      chooseClip({ from: open }, 'the clip of an earlier dream: change the settings and dream it again');
    } else {
      setSlider('iterations', o.iterations);
      file = await (await fetch(`/api/jobs/${open}/input`)).blob();
      $('source').src = `/api/jobs/${open}/input`; $('source').hidden = false;
      $('drop-text').textContent = 'the image of an earlier dream: change the settings and dream again';
    }
    current = open;
    if (job.status === 'done') finished(job);
  }
});

loadModels();
loadGallery();
