// A combobox (ARIA 1.2 pattern): a text input that suggests options from the API as one types; arrows move,
// Enter picks, Escape closes. Used for CPV codes and communes.
import {h, clear, id} from './dom.js';

/**
 * combobox({input, search: async (text) => [{value, label, detail}], onPick(option), minLength})
 * → {element (the listbox, to place after the input), close()}
 */
export function combobox({input, search, onPick, minLength = 2}) {
  const listId = id('listbox');
  const list = h('ul', {role: 'listbox', id: listId, class: 'listbox', hidden: true});
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('autocomplete', 'off');
  let options = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function highlight(index) {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', i === index ? 'true' : 'false'));
    if (index >= 0 && list.children[index]) {
      input.setAttribute('aria-activedescendant', list.children[index].id);
      list.children[index].scrollIntoView({block: 'nearest'});
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function pick(index) {
    const option = options[index];
    if (!option) return;
    close();
    onPick(option);
  }

  function show(found) {
    options = found;
    clear(list);
    found.forEach((option, i) => {
      const li = h('li', {role: 'option', id: `${listId}-${i}`, 'aria-selected': 'false'},
        h('span', {class: 'option-label'}, option.label),
        option.detail ? h('span', {class: 'option-detail'}, option.detail) : null);
      li.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
      li.addEventListener('click', () => pick(i));
      list.append(li);
    });
    if (!found.length) list.append(h('li', {class: 'option-none', role: 'presentation'}, 'Aucun résultat'));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < minLength) {
      close();
      return;
    }
    timer = setTimeout(async () => {
      const mine = ++asked;
      try {
        const found = await search(text);
        if (mine === asked && document.activeElement === input) show(found);
      } catch (e) {
        if (mine === asked) show([]);
        if (e && e.status && e.status !== 404) throw e;
      }
    }, 200);
  });
  input.addEventListener('keydown', (event) => {
    const open = !list.hidden && options.length > 0;
    if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      highlight((active + 1) % options.length);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      pick(active);
    } else if (event.key === 'Escape' && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  return {element: list, close};
}
