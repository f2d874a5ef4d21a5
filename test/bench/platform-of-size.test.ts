/** `npm run bench` measures scale on grown platforms: each must be a valid platform of that many services. */
import { platformOfSize } from '../../bench/platform-of-size';
import { loadPlatform } from '../../src/config';

it.each([10, 100])('%i services: a valid platform with that many services, every fifth one HTTP', (count) => {
  const platform = loadPlatform(platformOfSize(count));
  const kinds = Object.values(platform.services).map((service) => service.kind);
  expect(kinds).toHaveLength(count);
  expect(kinds.filter((kind) => kind === 'http')).toHaveLength(count / 5);
});
