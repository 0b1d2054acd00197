// The body map of a region: front and back views drawn in SVG, each area
// the vocabulary's pain site it stands for. A click on an area steps it
// through "pain felt here", "no pain here" and "not asked"; the list
// beside the map holds the same three choices for every site of the
// region, and is what keyboards and screen readers use (the drawing
// repeats it for the eye, aria-hidden). Felt and not felt differ in
// pattern and outline as well as colour, and the list says it in words.
import { h, s } from './dom.js';
import { entries } from './vocab.js';

// Areas per region and view: [code, svg element name, attributes]. The
// limbs (knee, shoulder) are drawn as a left limb seen from the front or
// the back (drawnFor says which when it is the right one), and mirrored
// for the other side: what is medial stays medial.
const R = (x, y, width, height, rx = 6) => ['rect', { x, y, width, height, rx }];
const E = (cx, cy, rx, ry) => ['ellipse', { cx, cy, rx, ry }];
const P = (d) => ['path', { d }];

const MAPS = {
  lumbar: {
    back: {
      outline: 'M70 8 H130 Q150 10 152 40 L156 120 Q165 160 150 175 L146 250 L140 305 H108 L104 250 L100 185 L96 250 L92 305 H60 L54 250 L50 175 Q35 160 44 120 L48 40 Q50 10 70 8 Z',
      areas: [
        ['low_back_above_l5', R(68, 22, 64, 32)],
        ['low_back_midline', R(93, 58, 14, 56, 4)],
        ['low_back_paraspinal', R(69, 58, 21, 56)], ['low_back_paraspinal', R(110, 58, 21, 56)],
        ['sacral_sulcus', E(86, 122, 7, 6)], ['sacral_sulcus', E(114, 122, 7, 6)],
        ['buttock', E(76, 148, 21, 18)], ['buttock', E(124, 148, 21, 18)],
        ['lateral_hip', E(49, 142, 7, 14)], ['lateral_hip', E(151, 142, 7, 14)],
        ['posterior_thigh', R(62, 176, 30, 66)], ['posterior_thigh', R(108, 176, 30, 66)],
        ['lateral_thigh', R(51, 180, 9, 60, 4)], ['lateral_thigh', R(140, 180, 9, 60, 4)],
        ['below_knee_leg', R(60, 256, 30, 38)], ['below_knee_leg', R(110, 256, 30, 38)],
        ['foot', R(58, 298, 34, 10, 4)], ['foot', R(108, 298, 34, 10, 4)],
      ],
    },
    front: {
      outline: 'M70 8 H130 Q150 10 152 40 L156 120 Q165 160 150 175 L146 250 L140 305 H108 L104 250 L100 185 L96 250 L92 305 H60 L54 250 L50 175 Q35 160 44 120 L48 40 Q50 10 70 8 Z',
      areas: [
        ['groin', P('M70 160 L96 178 L78 184 Z')], ['groin', P('M130 160 L104 178 L122 184 Z')],
        ['lateral_hip', E(49, 142, 7, 14)], ['lateral_hip', E(151, 142, 7, 14)],
        ['lateral_thigh', R(51, 180, 9, 60, 4)], ['lateral_thigh', R(140, 180, 9, 60, 4)],
        ['below_knee_leg', R(60, 256, 30, 38)], ['below_knee_leg', R(110, 256, 30, 38)],
        ['foot', R(58, 298, 34, 10, 4)], ['foot', R(108, 298, 34, 10, 4)],
      ],
    },
  },
  knee: {
    front: {
      outline: 'M62 8 H138 L134 110 Q150 150 134 190 L128 300 H72 L66 190 Q50 150 66 110 Z',
      labels: [['Medial', 24, 166], ['Lateral', 176, 166]],
      areas: [
        ['diffuse_knee', P('M58 118 Q100 100 142 118 Q160 150 142 188 Q100 204 58 188 Q40 150 58 118 Z M78 130 Q100 122 122 130 Q132 150 122 176 Q100 184 78 176 Q68 150 78 130 Z')],
        ['anterior_knee', E(100, 150, 20, 24)],
        ['medial_joint_line', R(50, 158, 24, 14, 4)],
        ['lateral_joint_line', R(126, 158, 24, 14, 4)],
      ],
    },
    back: {
      outline: 'M62 8 H138 L134 110 Q150 150 134 190 L128 300 H72 L66 190 Q50 150 66 110 Z',
      labels: [['Lateral', 24, 166], ['Medial', 176, 166]],
      areas: [
        ['diffuse_knee', P('M58 118 Q100 100 142 118 Q160 150 142 188 Q100 204 58 188 Q40 150 58 118 Z M78 130 Q100 122 122 130 Q132 150 122 176 Q100 184 78 176 Q68 150 78 130 Z')],
        ['posterior_knee', P('M100 126 L122 152 L100 180 L78 152 Z')],
      ],
    },
  },
  shoulder: {
    front: {
      outline: 'M70 10 H100 L104 48 Q150 46 170 80 L182 200 L186 300 H150 L146 200 L140 130 L100 150 L30 150 L30 60 Q60 50 70 48 Z',
      areas: [
        ['neck_trapezius', P('M72 14 H98 L102 50 Q120 50 132 56 L118 64 Q96 58 74 56 Z')],
        ['superior_shoulder', E(140, 64, 14, 8)],
        ['anterior_shoulder', E(132, 92, 14, 18)],
        ['lateral_deltoid', E(164, 100, 12, 22)],
        ['upper_arm', R(150, 128, 28, 72)],
        ['below_elbow', R(152, 212, 30, 84)],
      ],
    },
    back: {
      drawnFor: 'right', // from behind, the same outline is the right shoulder
      outline: 'M70 10 H100 L104 48 Q150 46 170 80 L182 200 L186 300 H150 L146 200 L140 130 L100 150 L30 150 L30 60 Q60 50 70 48 Z',
      areas: [
        ['neck_trapezius', P('M72 14 H98 L102 50 Q120 50 132 56 L118 64 Q96 58 74 56 Z')],
        ['posterior_shoulder', P('M104 70 L146 74 L142 126 L108 140 Z')],
        ['lateral_deltoid', E(164, 100, 12, 22)],
        ['upper_arm', R(150, 128, 28, 72)],
        ['below_elbow', R(152, 212, 30, 84)],
      ],
    },
  },
};

const STATES = [['', 'Not asked'], ['felt', 'Pain felt here'], ['absent', 'No pain here']];

function patterns() {
  return s('defs', {},
    s('pattern', { id: 'hatch-felt', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { width: 6, height: 6, class: 'hatch-bg felt' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' })),
    s('pattern', { id: 'dots-absent', width: 6, height: 6, patternUnits: 'userSpaceOnUse' },
      s('rect', { width: 6, height: 6, class: 'hatch-bg absent' }), s('circle', { cx: 3, cy: 3, r: 1.1, class: 'dot' })));
}

// bodyMap(region, side, sites): sites is {get(code) → '', 'felt' or
// 'absent'; set(code, state)}. Returns {el, refresh()}.
export function bodyMap(region, side, sites) {
  const codes = entries('pain_site', region).map((e) => e.code);
  const known = new Set(codes);
  const limb = region !== 'lumbar';
  const shapes = [];
  const selects = new Map();

  function cycle(code) {
    const order = ['', 'felt', 'absent'];
    sites.set(code, order[(order.indexOf(sites.get(code)) + 1) % 3]);
    refresh();
  }

  function view(name, def, first) {
    const drawnFor = def.drawnFor || 'left';
    const mirror = limb && (side === 'left' || side === 'right') && side !== drawnFor;
    const g = s('g', mirror ? { transform: 'translate(200 0) scale(-1 1)' } : {});
    g.append(s('path', { d: def.outline, class: 'silhouette' }));
    for (const [code, [tag, attrs]] of def.areas) {
      if (!known.has(code)) continue; // the vocabulary decides what may be marked
      const shape = s(tag, { ...attrs, class: 'area', 'data-code': code });
      shape.append(s('title', {}, entries('pain_site', region).find((e) => e.code === code).label));
      shape.addEventListener('click', () => cycle(code));
      shapes.push(shape);
      g.append(shape);
    }
    const texts = (def.labels || []).map(([t, x, y]) => s('text', { x: mirror ? 200 - x : x, y, class: 'map-label', 'text-anchor': 'middle' }, t));
    return h('figure', { class: 'view' },
      s('svg', { viewBox: '0 0 200 320', class: 'map', 'aria-hidden': 'true', focusable: 'false' }, first ? patterns() : null, g, ...texts),
      h('figcaption', {}, name));
  }

  const list = h('fieldset', { class: 'site-list' }, h('legend', {}, 'Where the pain is felt, and where it is not'),
    codes.map((code) => {
      const e = entries('pain_site', region).find((x) => x.code === code);
      const id = `site-${code}`;
      const select = h('select', { id, 'data-site': code, onchange: () => { sites.set(code, select.value); refresh(); } },
        STATES.map(([v, t]) => h('option', { value: v }, t)));
      selects.set(code, select);
      return h('div', { class: 'site-row' }, h('label', { for: id, title: e.description }, e.label), select);
    }));

  const legend = h('p', { class: 'map-legend' },
    h('span', { class: 'swatch felt', 'aria-hidden': 'true' }), ' pain felt (hatched) ',
    h('span', { class: 'swatch absent', 'aria-hidden': 'true' }), ' no pain here (dotted, dashed outline) ',
    h('span', { class: 'swatch none', 'aria-hidden': 'true' }), ' not asked. Click an area, or choose in the list.');

  const views = [['front', 'Front'], ['back', 'Back']].filter(([k]) => MAPS[region] && MAPS[region][k]);
  const el = h('div', { class: 'bodymap' },
    h('div', { class: 'views' }, views.map(([k, name], i) => view(`${name}${limb && (side === 'left' || side === 'right') ? ` (${side} ${region})` : ''}`, MAPS[region][k], i === 0))),
    h('div', {}, list, legend));

  function refresh() {
    for (const shape of shapes) {
      const st = sites.get(shape.getAttribute('data-code'));
      shape.setAttribute('class', `area ${st || 'none'}`);
    }
    for (const [code, select] of selects) select.value = sites.get(code) || '';
  }
  refresh();
  return { el, refresh };
}
