/**
 * The backgrounds that ship with Restyle, drawn by the app itself (so they are ours to license:
 * CC0) from a small recipe: a gradient plus soft lights. After the depth-of-field blur they read
 * as an out-of-focus room, street or sky. Pure data; `renderBuiltin` draws them.
 */
import { seededRandom } from './seededRandom';
export interface Light {
  /** Centre, in 0..1 of the frame. */
  x: number;
  y: number;
  /** Radius as a share of the frame's shorter side. */
  r: number;
  color: string;
  alpha: number;
}

export interface BuiltinBackground {
  id: string;
  name: string;
  /** Top to bottom gradient stops. */
  stops: readonly string[];
  lights: readonly Light[];
}


function scatter(seed: number, count: number, palette: readonly string[], yRange: [number, number], size: [number, number]): Light[] {
  // Seeded, so the same recipe always draws the same picture.
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    x: rnd(),
    y: yRange[0] + rnd() * (yRange[1] - yRange[0]),
    r: size[0] + rnd() * (size[1] - size[0]),
    color: palette[i % palette.length] ?? '#ffffff',
    alpha: 0.25 + rnd() * 0.5,
  }));
}

export const BUILTIN_BACKGROUNDS: readonly BuiltinBackground[] = [
  {
    id: 'city-dusk',
    name: 'City at dusk',
    stops: ['#1b1f4b', '#5b3a7a', '#e0785a'],
    lights: scatter(7, 46, ['#ffd27a', '#ff9e6b', '#fff2c4', '#8fd3ff'], [0.35, 0.95], [0.015, 0.06]),
  },
  {
    id: 'studio-grey',
    name: 'Studio grey',
    stops: ['#5d646b', '#3b4046', '#24282c'],
    lights: [{ x: 0.5, y: 0.35, r: 0.75, color: '#c9d1d8', alpha: 0.45 }],
  },
  {
    id: 'green-garden',
    name: 'Garden',
    stops: ['#cfe8b0', '#5e9a4a', '#24522f'],
    lights: scatter(11, 30, ['#f4ffd0', '#b8e68c', '#ffffff'], [0.05, 0.7], [0.03, 0.09]),
  },
  {
    id: 'warm-cafe',
    name: 'Warm café',
    stops: ['#3a2418', '#7a4a2c', '#c08a5a'],
    lights: scatter(23, 26, ['#ffcf86', '#ffe6b0', '#ff9f5a'], [0.05, 0.6], [0.02, 0.07]),
  },
  {
    id: 'ocean-blue',
    name: 'Seaside',
    stops: ['#9fd4f0', '#3d8fc4', '#0f4c75'],
    lights: scatter(31, 18, ['#ffffff', '#d7f2ff'], [0.45, 0.9], [0.01, 0.04]),
  },
];

export function findBuiltin(id: string): BuiltinBackground | undefined {
  return BUILTIN_BACKGROUNDS.find((b) => b.id === id);
}
