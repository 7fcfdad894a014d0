/**
 * The words sent to Gemini with the selfie, one prompt per generated background. Pure: no SDK,
 * no DOM. Each prompt asks for a different kind of place, so the 5 results differ from each other.
 */

export interface BackgroundTheme {
  /** Stable id, for file names and tests. */
  id: string;
  /** Short title a person can read. */
  title: string;
  /** What kind of place to make, in plain photographic terms. */
  setting: string;
}

export const BACKGROUND_THEMES: readonly BackgroundTheme[] = [
  {
    id: 'warm-interior',
    title: 'Warm interior',
    setting:
      'a warm, inviting indoor space such as a cosy living room, a café corner or a sunlit apartment, ' +
      'with soft lamps or window light, wood, textiles and plants',
  },
  {
    id: 'golden-street',
    title: 'City at golden hour',
    setting:
      'an urban street at golden hour, with low warm sunlight raking across building facades, shop fronts ' +
      'and pavement, and a softly blurred street receding into the distance',
  },
  {
    id: 'nature',
    title: 'Outdoors',
    setting:
      'an open natural landscape such as a forest clearing, a meadow, a lakeside or a coastal path, ' +
      'with greenery, sky and soft daylight',
  },
  {
    id: 'studio',
    title: 'Modern studio',
    setting:
      'a modern studio or workspace: clean architectural lines, a minimal interior with tasteful furniture, ' +
      'large windows or a seamless backdrop, and even, flattering light',
  },
  {
    id: 'dreamy',
    title: 'Dreamy',
    setting:
      'a dreamy, creative scene that is still photographic and believable: pastel haze, soft bokeh lights, ' +
      'flowers, mist or an artful set with imaginative colour',
  },
];

export const BACKGROUND_COUNT = 5;

/** The theme for a background index; indexes wrap, so any integer gives a theme. */
export function backgroundTheme(index: number): BackgroundTheme {
  const n = BACKGROUND_THEMES.length;
  const i = Number.isFinite(index) ? ((Math.trunc(index) % n) + n) % n : 0;
  const theme = BACKGROUND_THEMES[i];
  if (!theme) throw new Error('No background themes defined');
  return theme;
}

/** The text sent with the selfie to make background number `index` (0-based). */
export function backgroundPrompt(index: number): string {
  const theme = backgroundTheme(index);
  const others = BACKGROUND_THEMES.filter((t) => t.id !== theme.id)
    .map((t) => t.title.toLowerCase())
    .join(', ');
  return [
    'Look at the person in this selfie photo. Infer their personal style and vibe from their clothing, ' +
      'colours, hairstyle, accessories and mood.',
    `Then create a new photographic background image of this theme: ${theme.setting}. ` +
      'Choose the details, colours and atmosphere so the place suits this person, as a place they could ' +
      'stand in front of and look good in.',
    'The image must be an empty scene. Strictly no people, no faces, no bodies, no hands, no silhouettes, ' +
      'no reflections of people, no text, no letters, no signs with writing, no logos and no watermarks. ' +
      'Do not include the person from the photo.',
    'Composition: portrait orientation, 9:16 aspect ratio, camera at eye level, natural light, realistic ' +
      'photographic depth, with a clear, uncluttered middle ground where a person would stand, and the ' +
      'background falling gently out of focus behind it.',
    `Make it clearly distinct from the other themes (${others}).`,
    'Output only the image.',
  ].join('\n\n');
}
