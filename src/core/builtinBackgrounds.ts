/**
 * The backgrounds that ship with Restyle: four photographs under free licences (small copies in
 * public/backgrounds/, each with its licence beside it; their credits are shown on the Backgrounds
 * tab) and one plain studio backdrop the app draws itself. Pure data.
 */

/** How a built-in is named among all backgrounds (settings, jobs, the CLI's --background). */
export const BUILTIN_PREFIX = 'builtin:';

/** A soft light on a drawn backdrop. */
export interface Light {
  /** Centre, in 0..1 of the frame. */
  x: number;
  y: number;
  /** Radius as a share of the frame's shorter side. */
  r: number;
  color: string;
  alpha: number;
}

export interface PhotoCredit {
  /** What the photo shows, as its author or source titled it. */
  title: string;
  author: string;
  /** An SPDX id, or "public domain". */
  licence: string;
  licenceUrl: string;
  source: string;
  /** What was changed for the copy shipped (CC BY asks it be said). */
  changes: string;
}

interface BuiltinBase {
  id: string;
  name: string;
  /** The id of the drawn background this one replaced: a choice stored under it still finds this one. */
  formerId?: string;
}

export interface DrawnBackground extends BuiltinBase {
  kind: 'drawn';
  /** Top to bottom gradient stops. */
  stops: readonly string[];
  lights: readonly Light[];
}

export interface PhotoBackground extends BuiltinBase {
  kind: 'photo';
  /**
   * Its name in src/backgrounds/photos/ (with `<name>.thumb.jpg`, its tile), shipped as
   * backgrounds/<name>-<hash>.jpg beside backgrounds/LICENSE-<name>.txt.
   */
  file: string;
  width: number;
  height: number;
  credit: PhotoCredit;
}

export type BuiltinBackground = DrawnBackground | PhotoBackground;

const SCALED = 'Scaled down and re-encoded as JPEG for Restyle.';

export const BUILTIN_BACKGROUNDS: readonly BuiltinBackground[] = [
  {
    id: 'city-dusk',
    name: 'City at dusk',
    kind: 'photo',
    file: 'city-dusk.jpg',
    width: 1302,
    height: 953,
    credit: {
      title: 'Roebling Suspension Bridge, Cincinnati',
      author: 'Derek Jensen',
      licence: 'public domain',
      licenceUrl: 'https://commons.wikimedia.org/wiki/File:Cincinnati-roebling-suspension-bridge.jpg',
      source: 'Wikimedia Commons, as shipped in Debian (palapeli-data)',
      changes: 'Re-encoded as JPEG for Restyle.',
    },
  },
  {
    id: 'seaside',
    formerId: 'ocean-blue',
    name: 'Seaside',
    kind: 'photo',
    file: 'seaside.jpg',
    width: 1600,
    height: 1082,
    credit: {
      title: 'Jetty in the Maldives',
      author: 'Nevit Dilmen',
      licence: 'CC-BY-3.0',
      licenceUrl: 'https://creativecommons.org/licenses/by/3.0/',
      source: 'Wikimedia Commons, as shipped in Debian (sddm-theme-maldives)',
      changes: SCALED,
    },
  },
  {
    id: 'meadow',
    formerId: 'green-garden',
    name: 'Meadow',
    kind: 'photo',
    file: 'meadow.jpg',
    width: 1600,
    height: 900,
    credit: {
      title: 'Seeding',
      author: 'Clemens Engelhardt',
      licence: 'CC0-1.0',
      licenceUrl: 'https://creativecommons.org/publicdomain/zero/1.0/',
      source: 'Ubuntu Touch wallpapers, as shipped in Debian (lomiri-wallpapers-16.04)',
      changes: SCALED,
    },
  },
  {
    id: 'living-room',
    formerId: 'warm-cafe',
    name: 'Living room',
    kind: 'photo',
    file: 'living-room.jpg',
    width: 1000,
    height: 1498,
    credit: {
      title: 'Wine',
      author: 'Jakub Mede',
      licence: 'CC-BY-4.0',
      licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
      source: 'Ubuntu Touch wallpapers, as shipped in Debian (lomiri-wallpapers-16.04)',
      changes: SCALED,
    },
  },
  {
    id: 'studio-grey',
    name: 'Studio grey',
    kind: 'drawn',
    stops: ['#5d646b', '#3b4046', '#24282c'],
    lights: [{ x: 0.5, y: 0.35, r: 0.75, color: '#c9d1d8', alpha: 0.45 }],
  },
];

export function findBuiltin(id: string): BuiltinBackground | undefined {
  return BUILTIN_BACKGROUNDS.find((b) => b.id === id) ?? BUILTIN_BACKGROUNDS.find((b) => b.formerId === id);
}

/** A stored background id as it is named now (a former built-in's id becomes its successor's). */
export function currentBackgroundId(id: string): string {
  if (!id.startsWith(BUILTIN_PREFIX)) return id;
  const found = findBuiltin(id.slice(BUILTIN_PREFIX.length));
  return found ? BUILTIN_PREFIX + found.id : id;
}

/** The licence's short name as people write it ("CC BY 4.0", "CC0", "public domain"). */
export function licenceName(credit: PhotoCredit): string {
  if (credit.licence === 'CC0-1.0') return 'CC0';
  const by = /^CC-BY-(\d\.\d)$/.exec(credit.licence);
  return by ? `CC BY ${by[1]}` : credit.licence;
}

/** Whoever shares a video made with this photo must credit its author (CC BY); CC0 and public domain ask nothing. */
export function needsCredit(credit: PhotoCredit): boolean {
  return credit.licence.startsWith('CC-BY');
}

/** One line of credit, as CC BY asks for it: title, author, licence, and (for CC BY) that the copy was changed. */
export function creditLine(credit: PhotoCredit): string {
  return `"${credit.title}" by ${credit.author}, ${licenceName(credit)}${needsCredit(credit) ? ', scaled down' : ''}`;
}
