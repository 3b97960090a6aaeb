// deepdream studio: a form over the JSON API, live progress by server-sent events.
// Everything shown is built as elements and text, never as HTML: names and options come back from users.
const $ = id => document.getElementById(id);
let models = [], file = null, guide = null, clip = null, current = null, events = null, sheetEvents = null;

for (const id of ['iterations', 'step', 'octaves', 'octaveScale', 'persistence'])
  $(id).addEventListener('input', () => $(id + '-value').textContent = $(id).value);
function setSlider(id, value) { $(id).value = value; $(id + '-value').textContent = value; }

function fill(select, items) {
  select.replaceChildren(...items.map(([value, text]) => {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = text;
    return option;
  }));
}

async function loadModels() {
  models = (await (await fetch('/api/models')).json()).filter(m => m.installed);
  for (const id of ['model', 'explore-model']) fill($(id), models.map(m => [m.name, m.name]));
  showLayers('model', 'layer');
  showLayers('explore-model', 'explore-layer');
}
function showLayers(modelId, layerId) {
  const model = models.find(m => m.name === $(modelId).value);
  fill($(layerId), model ? model.layers.map(l => [l.name, `${l.name} (${l.channels} channels)`]) : []);
  if (model) $(layerId).value = model.defaultLayer;
}
$('model').addEventListener('change', () => showLayers('model', 'layer'));
$('explore-model').addEventListener('change', () => showLayers('explore-model', 'explore-layer'));
$('look').addEventListener('change', () => $('custom').hidden = $('look').value !== 'custom');

function choose(f) {
  file = f;
  $('source').src = URL.createObjectURL(f);
  $('source').hidden = false;
  $('drop-text').textContent = f.name;
}
function chooseGuide(f) {
  guide = f;
  $('guide-source').hidden = $('guide-clear').hidden = !f;
  if (f) $('guide-source').src = URL.createObjectURL(f);
  $('guide-text').textContent = f ? `Guide: ${f.name || 'the guide of an earlier dream'}` : 'Guide image: drop or choose one, and the dream grows its shapes on the look\'s layer';
  if (f) $('more').open = true;
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
$('guide').addEventListener('change', e => e.target.files[0] && chooseGuide(e.target.files[0]));
$('guide-clear').addEventListener('click', () => { $('guide').value = ''; chooseGuide(null); });
$('clip').addEventListener('change', e => e.target.files[0] && chooseClip(e.target.files[0], e.target.files[0].name));
function dropZone(id, take) {
  $(id).addEventListener('dragover', e => { e.preventDefault(); $(id).classList.add('over'); });
  $(id).addEventListener('dragleave', () => $(id).classList.remove('over'));
  $(id).addEventListener('drop', e => {
    e.preventDefault();
    $(id).classList.remove('over');
    if (e.dataTransfer.files[0]) take(e.dataTransfer.files[0]);
  });
}
dropZone('drop', f => f.type.startsWith('video/') ? chooseClip(f, f.name) : choose(f));
dropZone('guide-drop', chooseGuide);

// The strength and scales every job on a photo takes.
function strength() {
  const form = new FormData();
  form.append('model', $('model').value);
  for (const id of ['iterations', 'step', 'octaves', 'octaveScale']) form.append(id, $(id).value);
  return form;
}

function options() {
  const form = strength();
  const objective = $('objective').value.trim(), look = $('look').value;
  if (objective) form.append('objective', objective);
  else if (look === 'custom') { form.append('layer', $('layer').value); if ($('channel').value) form.append('channel', $('channel').value); }
  else if (look) form.append('layer', look);
  if ($('strongest').value) form.append('strongest', $('strongest').value);
  if (guide) form.append('guide', guide);
  return form;
}

// A public studio wants the page's token on every request that changes jobs: a forged request from another site
// carries the owner cookie, never the token. A local studio gives none, and the request goes as it is.
const session = fetch('/api/session').then(r => r.json());
async function change(path, method, body) {
  const { token } = await session;
  return fetch(path, { method, body, headers: token ? { 'X-CSRF-Token': token } : {} });
}

async function submit(path, form) {
  const response = await change(path, 'POST', form);
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

$('looks').addEventListener('click', async () => {
  if (!file) { $('status').textContent = 'Choose an image first.'; return; }
  const form = strength();
  form.append('image', file);
  await submit('/api/looks', form);
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

$('cancel').addEventListener('click', () => current && change(`/api/jobs/${current}`, 'DELETE'));

function follow(id) {
  current = id;
  if (events) events.close();
  $('cancel').disabled = false;
  $('downloads').hidden = true;
  $('video').hidden = true;
  events = watch(id, show);
}

const ended = job => ['done', 'failed', 'cancelled'].includes(job.status);

// A job's progress events, until it finishes.
function watch(id, update) {
  const source = new EventSource(`/api/jobs/${id}/events`);
  source.addEventListener('progress', e => {
    const job = JSON.parse(e.data);
    if (ended(job)) source.close();
    update(job);
  });
  return source;
}

function describe(job) {
  const eta = job.remainingSeconds != null ? `, about ${Math.ceil(job.remainingSeconds)} s to go` : '';
  return {
    queued: `Waiting in line (place ${job.queuePosition}).`,
    running: `${Math.round(job.progress * 100)}% — ${job.message || 'starting'}${eta}`,
    done: 'Done.', failed: `Failed: ${job.error}`, cancelled: 'Cancelled.',
  }[job.status];
}

function show(job) {
  $('progress').value = job.progress;
  $('status').textContent = describe(job);
  if (job.preview) { $('preview').src = job.preview; $('preview').hidden = false; }
  if (ended(job)) {
    $('cancel').disabled = true;
    if (job.status === 'done') finished(job);
    loadGallery();
  }
}

const isPicture = job => ['dream', 'looks', 'sheet'].includes(job.kind);

function finished(job) {
  const still = isPicture(job), moving = !still && job.options.format !== 'gif';
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

// Explore: a layer's channel sheet, found in the studio's cache or rendered once, each tile a button.
function sheetFields() {
  const fields = new URLSearchParams({ model: $('explore-model').value, layer: $('explore-layer').value, renderer: $('explore-renderer').value });
  for (const [field, id] of [['channels', 'explore-channels'], ['size', 'explore-size'], ['iterations', 'explore-iterations']])
    if ($(id).value.trim()) fields.append(field, $(id).value.trim());
  return fields;
}

async function showSheet() {
  const fields = sheetFields();
  $('sheet-status').textContent = 'Looking for the sheet…';
  const found = await fetch(`/api/sheets?${fields}`);
  if (found.ok) return drawSheet(await found.json());
  if (found.status !== 404) { $('sheet-status').textContent = (await found.json()).detail; return; }
  const response = await change('/api/sheets', 'POST', fields);
  const body = await response.json();
  if (response.status === 200) return drawSheet(body);
  if (!response.ok) { $('sheet-status').textContent = body.detail || 'The request failed.'; return; }
  if (sheetEvents) sheetEvents.close();
  $('sheet-progress').hidden = false;
  sheetEvents = watch(body.id, job => {
    $('sheet-progress').value = job.progress;
    $('sheet-status').textContent = `Rendering the sheet: ${describe(job)}`;
    if (ended(job)) $('sheet-progress').hidden = true;
    if (job.status === 'done') showSheet();
  });
}
$('explore-show').addEventListener('click', showSheet);

function drawSheet(sheet) {
  const o = sheet.options;
  $('sheet-image').src = sheet.image;
  $('sheet-tiles').replaceChildren(...sheet.tiles.map(tile => {
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('aria-label', `Dream channel ${tile.channel}`);
    button.title = `${o.layer} channel ${tile.channel}: dream the photo with it`;
    button.dataset.channel = tile.channel;
    Object.assign(button.style, {
      left: `${100 * tile.x / sheet.width}%`, top: `${100 * tile.y / sheet.height}%`,
      width: `${100 * tile.width / sheet.width}%`, height: `${100 * tile.height / sheet.height}%`,
    });
    button.addEventListener('click', () => dreamChannel(o.model, o.layer, tile.channel));
    return button;
  }));
  $('sheet').hidden = false;
  $('sheet-status').textContent = `${o.layer}, channels ${o.channels} (${o.renderer}, ${o.size} px, ${o.iterations} steps): click a channel to dream your photo with it.`;
}

function dreamChannel(model, layer, channel) {
  $('model').value = model;
  showLayers('model', 'layer');
  $('look').value = 'custom';
  $('custom').hidden = false;
  $('layer').value = layer;
  $('channel').value = channel;
  $('objective').value = $('strongest').value = '';
  if (!file) { $('status').textContent = `Channel ${channel} of ${layer} is chosen: now choose a photo and dream.`; $('make').scrollIntoView(); return; }
  $('dream-form').requestSubmit();
  $('watch').scrollIntoView();
}

function summary(job) {
  const o = job.options;
  if (job.kind === 'sheet') return `sheet: ${o.layer} channels ${o.channels}, ${o.renderer}`;
  if (job.kind === 'looks') return `looks: ${o.layers ? o.layers.join(', ') : 'every look'}`;
  return `${job.kind}: ${o.objective || o.layer || 'default layer'}${o.channel != null ? ` channel ${o.channel}` : ''}${o.guide ? ', guided' : ''}, ${o.iterations} steps × ${o.octaves} scales`;
}

function galleryItem(job) {
  const item = document.createElement('li'), picture = document.createElement('img'), text = document.createElement('div');
  picture.src = isPicture(job) ? job.result : `/api/jobs/${job.id}/input`;
  picture.alt = summary(job);
  text.textContent = summary(job);
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
  if (remove) { await change(`/api/jobs/${remove}`, 'DELETE'); loadGallery(); }
  if (open) {
    const job = await (await fetch(`/api/jobs/${open}`)).json();
    const o = job.options;
    if (job.kind === 'sheet') {
      $('explore-model').value = o.model; showLayers('explore-model', 'explore-layer');
      for (const [id, value] of [['explore-layer', o.layer], ['explore-channels', o.channels], ['explore-renderer', o.renderer], ['explore-size', o.size], ['explore-iterations', o.iterations]])
        $(id).value = value;
      $('explore').scrollIntoView();
      return showSheet();
    }
    for (const id of ['step', 'octaves', 'octaveScale']) setSlider(id, o[id]);
    $('model').value = o.model; showLayers('model', 'layer');
    if (o.layer) { $('look').value = 'custom'; $('custom').hidden = false; $('layer').value = o.layer; $('channel').value = o.channel ?? ''; }
    $('objective').value = o.objective ?? '';
    $('strongest').value = o.strongest ?? '';
    chooseGuide(o.guide ? await (await fetch(o.guide)).blob() : null);
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

// Each control's range, step and default are its option's, as the server declares them (GET /api/options):
// [path that queues the kind, option field, control].
const controls = [
  ['dreams', 'channel', 'channel'], ['dreams', 'strongest', 'strongest'], ['dreams', 'iterations', 'iterations'], ['dreams', 'step', 'step'],
  ['dreams', 'octaves', 'octaves'], ['dreams', 'octaveScale', 'octaveScale'],
  ['videos', 'iterations', 'frameIterations'], ['videos', 'firstIterations', 'firstIterations'], ['videos', 'persistence', 'persistence'],
  ['videos', 'start', 'start'], ['videos', 'end', 'end'],
  ['zooms', 'dreamSteps', 'dreamSteps'], ['zooms', 'zoomSteps', 'zoomSteps'], ['zooms', 'zoom', 'zoom'], ['zooms', 'fps', 'fps'],
  ['sheets', 'size', 'explore-size'], ['sheets', 'iterations', 'explore-iterations'],
];
async function loadOptions() {
  const kinds = await (await fetch('/api/options')).json();
  for (const [path, name, id] of controls) {
    const option = kinds[path].find(o => o.name === name), control = $(id), slider = option.slider;
    control.min = slider.min;
    if (slider.max != null) control.max = slider.max;
    control.step = slider.step ?? 'any';
    if (option.default == null) continue;
    if (control.type === 'range') setSlider(id, option.default); else control.value = option.default;
  }
}

loadOptions().then(loadModels);
loadGallery();
