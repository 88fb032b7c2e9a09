/* Parameter form generated from GET /api/config/schema (one input per config key), inline validation. */
'use strict';

(function () {
  const OPEN_SECTIONS = ['data', 'training', 'models', 'horizons', 'runtime'];
  const HIDDEN = new Set(['modes.progressive', 'modes.unified']);

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v;
      else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children || []) e.appendChild(c);
    return e;
  }

  function inputFor(f) {
    const id = `f-${f.key.replace(/\./g, '-')}`;
    const common = { id, name: f.key, 'data-key': f.key };
    if (f.type === 'boolean') return el('input', { ...common, type: 'checkbox' });
    if (f.type === 'enum') return el('select', common, f.options.map((o) => el('option', { value: o, text: o })));
    if (f.type === 'integer' || f.type === 'number') {
      return el('input', { ...common, type: 'number', step: f.type === 'integer' ? '1' : 'any', min: f.min, max: f.max, inputmode: 'decimal' });
    }
    if (f.type === 'date') return el('input', { ...common, type: 'date' });
    if (f.type === 'json') return el('textarea', { ...common, rows: 2, spellcheck: 'false' });
    return el('input', { ...common, type: 'text', placeholder: f.type.endsWith('[]') ? 'comma-separated' : f.required ? '' : '(optional)' });
  }

  function setValue(input, f, v) {
    if (f.type === 'boolean') input.checked = Boolean(v);
    else if (v === undefined || v === null) input.value = '';
    else if (f.type === 'json') input.value = JSON.stringify(v);
    else if (f.type.endsWith('[]')) input.value = v.join(', ');
    else input.value = String(v);
  }

  /** Builds the form into `container`; returns {collect(), reset(), showErrors(field, message), clearErrors()}. */
  function buildForm(container, schema) {
    container.textContent = '';
    const byKey = new Map();
    const sections = [];
    for (const f of schema.fields) {
      if (!sections.includes(f.section)) sections.push(f.section);
    }
    for (const s of sections) {
      const fs = el('fieldset', { 'data-section': s }, [el('legend', { text: s })]);
      for (const f of schema.fields.filter((x) => x.section === s && !HIDDEN.has(x.key))) {
        const input = inputFor(f);
        const msg = el('div', { class: 'msg', 'aria-live': 'polite' });
        const bounds = f.min !== undefined || f.max !== undefined ? ` ${f.minExclusive ? '(' : '['}${f.min ?? ''}…${f.max ?? ''}${f.maxExclusive ? ')' : ']'}` : '';
        const wrap = el('div', { class: 'field', 'data-field': f.key }, [el('label', { for: input.id, text: f.key.slice(s.length + 1) + bounds, title: f.key }), input, msg]);
        fs.appendChild(wrap);
        byKey.set(f.key, { f, input, wrap, msg });
      }
      if (fs.querySelectorAll('.field').length === 0) continue;
      if (OPEN_SECTIONS.includes(s)) container.appendChild(fs);
      else container.appendChild(el('details', {}, [el('summary', { text: s }), fs]));
    }
    const defaults = schema.defaults;
    const valueAt = (key) => key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), defaults);

    function reset() {
      for (const { f, input } of byKey.values()) setValue(input, f, valueAt(f.key));
      clearErrors();
    }

    function clearErrors() {
      for (const { wrap, msg } of byKey.values()) {
        wrap.classList.remove('invalid');
        msg.textContent = '';
      }
    }

    function showError(field, message) {
      // `horizons.enabled[0]` -> `horizons.enabled`; `models.params.gbdt` -> `models.params`
      let key = (field || '').replace(/\[\d+\]/g, '');
      while (key && !byKey.has(key)) key = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '';
      const hit = byKey.get(key);
      if (!hit) return false;
      hit.wrap.classList.add('invalid');
      hit.msg.textContent = message;
      const det = hit.wrap.closest('details');
      if (det) det.open = true;
      hit.input.focus();
      return true;
    }

    /** Reads the form into a config object; throws {field, message} on input the browser can already reject. */
    function collect(mode) {
      const cfg = {};
      const put = (key, v) => {
        const parts = key.split('.');
        let o = cfg;
        for (const p of parts.slice(0, -1)) o = o[p] = o[p] || {};
        o[parts[parts.length - 1]] = v;
      };
      for (const { f, input } of byKey.values()) {
        const raw = input.value;
        if (f.type === 'boolean') put(f.key, input.checked);
        else if (raw.trim() === '') {
          if (f.required && f.default === undefined) throw { field: f.key, message: 'required' };
        } else if (f.type === 'integer' || f.type === 'number') {
          const n = Number(raw);
          if (!Number.isFinite(n)) throw { field: f.key, message: `a number, received "${raw}"` };
          put(f.key, n);
        } else if (f.type === 'number[]') {
          const xs = raw.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
          if (xs.some((x) => !Number.isFinite(x))) throw { field: f.key, message: `comma-separated numbers, received "${raw}"` };
          put(f.key, xs);
        } else if (f.type === 'string[]') put(f.key, raw.split(',').map((s) => s.trim()).filter(Boolean));
        else if (f.type === 'json') {
          try {
            put(f.key, JSON.parse(raw));
          } catch (e) {
            throw { field: f.key, message: `valid JSON, received ${raw.slice(0, 40)}` };
          }
        } else put(f.key, raw);
      }
      put('modes.progressive', mode !== 'unified');
      put('modes.unified', mode !== 'progressive');
      return cfg;
    }

    reset();
    return { collect, reset, showError, clearErrors };
  }

  window.WorkbenchForm = { buildForm };
})();
