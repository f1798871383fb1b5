// In-browser verification of the transparency log (tlog/ENTRY-FORMAT.md, C2SP tlog-checkpoint, signed-note,
// tlog-tiles; RFC 9162 §2.1.3.2). Everything is checked here, with WebCrypto, from what /log/ serves:
// the node's pages only say which leaf to look at (and, for an object, its salt), never whether it is valid.
'use strict';

(function () {
  const enc = new TextEncoder();

  function b64(s) {
    const bin = atob(s.trim());
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function hex(bytes) {
    return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
  }

  function concat(...parts) {
    const n = parts.reduce((s, p) => s + p.length, 0);
    const out = new Uint8Array(n);
    let at = 0;
    parts.forEach(p => { out.set(p, at); at += p.length; });
    return out;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  }

  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  // RFC 8785: ECMAScript's own serialization of strings and numbers, members sorted by UTF-16 code units
  function canonical(v) {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
    return '{' + Object.keys(v).sort().map(k => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
  }

  // C2SP signed-note: the text up to and including the newline before the blank line, then signature lines
  function parseNote(note) {
    const split = note.indexOf('\n\n');
    if (split < 0) throw new Error('the checkpoint is not a signed note (no blank line before the signatures)');
    const text = note.slice(0, split + 1);
    const lines = text.split('\n');
    if (lines.length < 4) throw new Error('the checkpoint has fewer than three lines');
    const sigs = note.slice(split + 2).split('\n').filter(l => l.length > 0).map(l => {
      const m = /^\u2014 (\S+) (\S+)$/.exec(l);
      if (!m) throw new Error('malformed signature line: ' + l);
      const raw = b64(m[2]);
      return { name: m[1], keyId: raw.slice(0, 4), sig: raw.slice(4) };
    });
    if (!/^[0-9]+$/.test(lines[1])) throw new Error('the checkpoint size is not a number: ' + lines[1]);
    return { text: text, origin: lines[0], size: Number(lines[1]), root: b64(lines[2]), signatures: sigs };
  }

  async function verifyNote(cp, keyText) {
    // name+hex(key id)+base64(type || public key); the base64 may itself hold '+'
    const m = /^([^+\s]+)\+([0-9a-fA-F]{8})\+(\S+)$/.exec(keyText.trim());
    if (!m) throw new Error('malformed log key');
    const parts = [m[1], m[2], m[3]];
    const name = parts[0];
    const keyBytes = b64(parts[2]);
    if (keyBytes[0] !== 0x01 || keyBytes.length !== 33) throw new Error('the log key is not an Ed25519 key');
    const pub = keyBytes.slice(1);
    const id = (await sha256(concat(enc.encode(name + '\n'), new Uint8Array([0x01]), pub))).slice(0, 4);
    if (hex(id) !== parts[1].toLowerCase()) throw new Error('the log key\'s id does not match its name and public key');
    if (cp.origin !== name) throw new Error('the checkpoint\'s origin (' + cp.origin + ') is not the key\'s name (' + name + ')');
    const key = await crypto.subtle.importKey('raw', pub, { name: 'Ed25519' }, false, ['verify']);
    for (const s of cp.signatures) {
      if (s.name === name && equal(s.keyId, id)) {
        if (s.sig.length !== 64) throw new Error('the signature is not 64 bytes');
        const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, s.sig, enc.encode(cp.text));
        if (!ok) throw new Error('the Ed25519 signature does not verify: the checkpoint was altered or signed by another key');
        return name + '+' + parts[1];
      }
    }
    throw new Error('no signature by the log\'s key');
  }

  // C2SP tlog-tiles: tile index as 3-digit groups, all but the last prefixed with x
  function tileIndex(n) {
    const groups = [];
    do { groups.unshift(String(n % 1000).padStart(3, '0')); n = Math.floor(n / 1000); } while (n > 0);
    return groups.map((g, i) => i < groups.length - 1 ? 'x' + g : g).join('/');
  }

  async function fetchEntry(index, size) {
    const n = Math.floor(index / 256);
    const width = Math.min(256, size - n * 256);
    const path = '/log/tile/entries/' + tileIndex(n) + (width < 256 ? '.p/' + width : '');
    const r = await fetch(path, { credentials: 'omit' });
    if (!r.ok) throw new Error(path + ' answered ' + r.status);
    const bundle = new Uint8Array(await r.arrayBuffer());
    let at = 0;
    for (let i = 0; at < bundle.length; i++) {
      const len = (bundle[at] << 8) | bundle[at + 1];
      const entry = bundle.slice(at + 2, at + 2 + len);
      if (i === index % 256) return entry;
      at += 2 + len;
    }
    throw new Error('entry ' + index + ' is not in its bundle');
  }

  // RFC 9162 §2.1.3.2
  async function rootFromInclusion(index, size, leaf, path) {
    if (index >= size) throw new Error('the leaf index is beyond the tree');
    let fn = index;
    let sn = size - 1;
    let r = leaf;
    for (const p of path) {
      if (sn === 0) throw new Error('the inclusion path is too long');
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(concat(new Uint8Array([1]), p, r));
        if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await sha256(concat(new Uint8Array([1]), r, p));
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    if (sn !== 0) throw new Error('the inclusion path is too short');
    return r;
  }

  async function getText(url) {
    const r = await fetch(url, { credentials: 'omit', cache: 'no-store' });
    if (!r.ok) throw new Error(url + ' answered ' + r.status);
    return r.text();
  }

  /** Runs the checks, reporting each step; resolves to true only if every one passed. */
  async function verify(opts, report) {
    const note = opts.checkpoint != null ? opts.checkpoint : await getText('/log/checkpoint');
    const cp = parseNote(note.replace(/\r\n/g, '\n'));
    report('checkpoint: size ' + cp.size + ', root ' + hex(cp.root).slice(0, 16) + '…');
    const key = await getText('/log/key');
    const id = await verifyNote(cp, key);
    report('Ed25519 signature of the checkpoint verifies under ' + id);
    if (opts.index == null) return true;
    const index = Number(opts.index);
    if (index >= cp.size) throw new Error('leaf ' + index + ' is not in this checkpoint (size ' + cp.size + ')');
    const entry = await fetchEntry(index, cp.size);
    if (entry.length !== 42 || entry[0] !== 1) throw new Error('entry ' + index + ' is not a version 1 entry');
    const kinds = { 1: 'store', 2: 'delete', 3: 'agreement', 4: 'receive' };
    let time = 0;
    for (let i = 2; i < 10; i++) time = time * 256 + entry[i];
    report('entry ' + index + ': ' + (kinds[entry[1]] || 'unknown kind') + ' at ' + new Date(time).toISOString()
      + ', commitment ' + hex(entry.slice(10)).slice(0, 16) + '…');
    const proof = JSON.parse(await getText('/log/proof/inclusion?index=' + index + '&size=' + cp.size));
    const leaf = await sha256(concat(new Uint8Array([0]), entry));
    const root = await rootFromInclusion(index, cp.size, leaf, proof.inclusion_path.map(b64));
    if (!equal(root, cp.root)) throw new Error('the inclusion proof does not lead to the checkpoint\'s root');
    report('inclusion proof (' + proof.inclusion_path.length + ' hashes) leads to the signed root');
    if (opts.receipt) {
      const rc = opts.receipt;
      if (rc.leaf_index !== index) throw new Error('the receipt names another leaf');
      const committed = { collection: rc.collection, object: rc.object, version: rc.version };
      if (rc.peer != null) committed.peer = rc.peer;
      const c = await sha256(concat(enc.encode('parley/tlog/commitment/v1\n'), b64(rc.salt), enc.encode(canonical(committed))));
      if (!equal(c, entry.slice(10))) throw new Error('the entry does not commit to this object as shown');
      report('the entry commits to this object, version ' + rc.version + ', in this collection');
    }
    return true;
  }

  function run(button, optsPromise) {
    const result = document.getElementById('verify-result');
    const steps = document.getElementById('verify-steps');
    steps.textContent = '';
    result.textContent = 'Checking…';
    delete result.dataset.verdict;
    button.disabled = true;
    const report = text => { const li = document.createElement('li'); li.textContent = '\u2713 ' + text; steps.appendChild(li); };
    optsPromise.then(opts => verify(opts, report))
      .then(() => { result.textContent = 'Verified in this browser.'; result.dataset.verdict = 'ok'; result.className = 'ok'; })
      .catch(e => { result.textContent = 'Verification FAILED: ' + e.message; result.dataset.verdict = 'failed'; result.className = 'error'; })
      .finally(() => { button.disabled = false; });
  }

  document.addEventListener('DOMContentLoaded', () => {
    const objectButton = document.getElementById('verify');
    if (objectButton) {
      objectButton.addEventListener('click', () => run(objectButton,
        fetch(objectButton.dataset.proof, { credentials: 'same-origin' })
          .then(r => { if (!r.ok) throw new Error('the node has no receipt for this version (' + r.status + ')'); return r.json(); })
          .then(rc => ({ index: rc.leaf_index, receipt: rc }))));
    }
    const entryButton = document.getElementById('verify-entry');
    if (entryButton) {
      entryButton.addEventListener('click', () => {
        const area = document.getElementById('checkpoint');
        const index = entryButton.dataset.index;
        run(entryButton, Promise.resolve({ checkpoint: area.value, index: index === '' || index == null ? null : index }));
      });
    }
  });
  window.parleyVerify = { canonical: canonical, tileIndex: tileIndex };
})();
