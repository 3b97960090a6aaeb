// deepdream studio: a form over the JSON API, live progress by server-sent events.
const $ = id => document.getElementById(id);
let models = [], file = null, current = null, events = null;

for (const id of ['iterations', 'step', 'octaves', 'octaveScale'])
  $(id).addEventListener('input', () => $(id + '-value').textContent = $(id).value);

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
$('image').addEventListener('change', e => e.target.files[0] && choose(e.target.files[0]));
$('drop').addEventListener('dragover', e => { e.preventDefault(); $('drop').classList.add('over'); });
$('drop').addEventListener('dragleave', () => $('drop').classList.remove('over'));
$('drop').addEventListener('drop', e => { e.preventDefault(); $('drop').classList.remove('over'); if (e.dataTransfer.files[0]) choose(e.dataTransfer.files[0]); });

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
  if (job.kind === 'dream') {
    $('preview').src = `${job.result}?v=${Date.now()}`;
    $('preview').hidden = false;
    $('download-png').href = `${job.result}?download=true`;
    $('download-jpg').href = `${job.result}?format=jpg&download=true`;
    $('downloads').hidden = false;
  } else {
    $('video').src = job.result;
    $('video').hidden = false;
  }
}

async function loadGallery() {
  const jobs = await (await fetch('/api/jobs')).json();
  $('gallery').innerHTML = jobs.filter(j => j.status === 'done').map(j => `
    <li>
      <img src="${j.kind === 'dream' ? j.result : `/api/jobs/${j.id}/input`}" alt="${j.kind} on layer ${j.options.layer || 'default'}">
      <div>${j.kind}: ${j.options.layer || 'default layer'}, ${j.options.iterations} steps × ${j.options.octaves} scales</div>
      <button type="button" data-open="${j.id}">Open</button>
      <button type="button" data-delete="${j.id}">Delete</button>
    </li>`).join('');
}
$('gallery').addEventListener('click', async e => {
  const open = e.target.dataset.open, remove = e.target.dataset.delete;
  if (remove) { await fetch(`/api/jobs/${remove}`, { method: 'DELETE' }); loadGallery(); }
  if (open) {
    const job = await (await fetch(`/api/jobs/${open}`)).json();
    const o = job.options;
    for (const id of ['iterations', 'step', 'octaves', 'octaveScale']) { $(id).value = o[id]; $(id + '-value').textContent = o[id]; }
    $('model').value = o.model; showLayers();
    if (o.layer) { $('look').value = 'custom'; $('custom').hidden = false; $('layer').value = o.layer; $('channel').value = o.channel ?? ''; }
    file = await (await fetch(`/api/jobs/${open}/input`)).blob();
    $('source').src = `/api/jobs/${open}/input`; $('source').hidden = false;
    $('drop-text').textContent = 'the image of an earlier dream: change the settings and dream again';
    current = open;
    if (job.status === 'done') finished(job);
  }
});

loadModels();
loadGallery();
