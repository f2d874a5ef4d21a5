/**
 * The network plan: IPv4 CIDR arithmetic (what the subnet rules rest on) and the default subnets of a VPC, as
 * docs/infrastructure.md and the README describe them (private /19s, public /22s, database and cache /24s in a /16).
 * Expected blocks are worked out by hand from the plan's rule, not read from src.
 */
import { cidrContains, cidrsOverlap, isCanonicalCidr, parseCidr, planSubnets, subnetOf } from '../../src/config';
import { platformWith, problemsOf, setIn } from '../helpers/platform';

/** A CIDR block the test knows to be valid. */
const range = (cidr: string) => {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`${cidr} does not parse`);
  return parsed;
};

describe('CIDR blocks', () => {
  it.each([
    ['10.0.0.0/16', 10 * 2 ** 24, 10 * 2 ** 24 + 2 ** 16 - 1],
    ['0.0.0.0/0', 0, 2 ** 32 - 1],
    ['255.255.255.255/32', 2 ** 32 - 1, 2 ** 32 - 1],
    ['198.51.100.7/32', 3325256711, 3325256711],
    ['10.255.0.0/16', 184483840, 184549375],
  ])('%s spans %d to %d', (cidr, first, last) => {
    expect(parseCidr(cidr)).toEqual({ cidr, first, last });
  });

  it.each([
    ['an octet above 255', '256.0.0.0/8'],
    ['an octet above 255 further on', '10.0.300.0/24'],
    ['a prefix longer than 32', '10.0.0.0/33'],
    ['host bits set', '10.0.1.5/24'],
    ['a leading zero in an octet (Go reads no such address)', '10.010.0.0/16'],
    ['a leading zero in the prefix length', '10.0.0.0/08'],
    ['no prefix length', '10.0.0.0'],
  ])('refuses %s: %s', (_case, cidr) => {
    expect(isCanonicalCidr(cidr)).toBe(false);
  });

  it.each([
    ['a /24 inside its /16', '10.10.0.0/16', '10.10.1.0/24', true],
    ['the last /24 of a /16', '10.10.0.0/16', '10.10.255.0/24', true],
    ['the first /24 of a /16', '10.10.0.0/16', '10.10.0.0/24', true],
    ['a block equal to the outer one', '10.10.0.0/16', '10.10.0.0/16', true],
    ['a /24 just below the /16', '10.10.0.0/16', '10.9.255.0/24', false],
    ['a /24 just above the /16', '10.10.0.0/16', '10.11.0.0/24', false],
    ['a larger block around it', '10.10.0.0/16', '10.10.0.0/15', false],
  ])('containment: %s', (_case, outer, inner, contained) => {
    expect(cidrContains(range(outer), range(inner))).toBe(contained);
  });

  // Overlap is symmetric: each case is checked in both orders.
  it.each([
    ['neighbouring /24s', '10.0.0.0/24', '10.0.1.0/24', false],
    ['a block and one inside it', '10.0.0.0/16', '10.0.3.0/24', true],
    ["a single address at the block's end", '10.0.0.0/24', '10.0.0.255/32', true],
    ["a single address at the block's start", '10.0.0.0/24', '10.0.0.0/32', true],
    ['the address just past the block', '10.0.0.0/24', '10.0.1.0/32', false],
    ['equal blocks', '10.0.0.0/24', '10.0.0.0/24', true],
  ])('overlap: %s', (_case, a, b, overlap) => {
    expect([cidrsOverlap(range(a), range(b)), cidrsOverlap(range(b), range(a))]).toEqual([overlap, overlap]);
  });

  it.each([
    ['10.1.0.0/16', 24, 3, '10.1.3.0/24'],
    ['10.1.0.0/16', 24, 255, '10.1.255.0/24'],
    ['10.1.0.0/16', 19, 7, '10.1.224.0/19'],
    ['10.1.0.0/16', 16, 0, '10.1.0.0/16'],
    ['10.50.16.0/20', 28, 255, '10.50.31.240/28'],
  ])('the block of %s, prefix /%d, index %d is %s', (outer, prefix, index, block) => {
    expect(subnetOf(range(outer), prefix, index)).toBe(block);
  });

  it.each([
    ['10.1.0.0/16', 24, 256, '10.1.0.0/16 has no 256-th /24'],
    ['10.1.0.0/16', 19, 8, '10.1.0.0/16 has no 8-th /19'],
    ['10.1.0.0/16', 16, 1, '10.1.0.0/16 has no 1-th /16'],
  ])('%s has no /%d at index %d', (outer, prefix, index, message) => {
    expect(() => subnetOf(range(outer), prefix, index)).toThrow(message);
  });
});

describe('the default subnets of a VPC', () => {
  it('three zones in 10.10.0.0/16: public /22s in the first eighth, a private /19 per eighth, then the data /24s', () => {
    expect(planSubnets('10.10.0.0/16', 3)).toEqual({
      public: ['10.10.0.0/22', '10.10.4.0/22', '10.10.8.0/22'],
      private: ['10.10.32.0/19', '10.10.64.0/19', '10.10.96.0/19'],
      database: ['10.10.128.0/24', '10.10.129.0/24', '10.10.130.0/24'],
      cache: ['10.10.136.0/24', '10.10.137.0/24', '10.10.138.0/24'],
    });
  });

  it('two zones in a /20: the same shares, /23 private, /26 public, /28 data subnets', () => {
    // 10.50.16.0/20: eighths of 2048 addresses; the data tiers start in the fourth eighth (10.50.22.0), cache 8 /28s on.
    expect(planSubnets('10.50.16.0/20', 2)).toEqual({
      public: ['10.50.16.0/26', '10.50.16.64/26'],
      private: ['10.50.18.0/23', '10.50.20.0/23'],
      database: ['10.50.22.0/28', '10.50.22.16/28'],
      cache: ['10.50.22.128/28', '10.50.22.144/28'],
    });
  });

  it('names the block it cannot plan', () => {
    expect(() => planSubnets('10.0.0.0/33', 3)).toThrow('planSubnets: 10.0.0.0/33 is not a CIDR block');
  });
});

describe('subnets of a platform file', () => {
  /** qa with its zones and default plan written out, changed by `edit`. */
  const qaSubnets = (edit: (subnets: Record<string, string[]>) => void) =>
    platformWith((c) => {
      setIn(c, 'environments.qa.aws.zones', ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
      const subnets = planSubnets('10.10.0.0/16', 3) as Record<string, string[]>;
      edit(subnets);
      setIn(c, 'environments.qa.aws.network.subnets', subnets);
    });

  it('may put a later subnet below an earlier one, and use the last block of the VPC', () => {
    const document = qaSubnets((s) => {
      s.database = ['10.10.130.0/24', '10.10.129.0/24', '10.10.128.0/24'];
      s.cache = ['10.10.136.0/24', '10.10.137.0/24', '10.10.255.0/24'];
    });
    expect(() => problemsOf(document)).toThrow('platform was accepted');
  });

  it('rejects a subnet just below the VPC', () => {
    const document = qaSubnets((s) => (s.cache[2] = '10.9.255.0/24'));
    expect(problemsOf(document)).toContainEqual(
      'environments.qa.aws.network.subnets.cache[2]: must lie inside the VPC 10.10.0.0/16',
    );
  });

  it('may place the DR VPC just below the primary VPC', () => {
    const document = platformWith((c) => setIn(c, 'environments.production.aws.dr.network.vpcCidr', '10.29.0.0/16'));
    expect(() => problemsOf(document)).toThrow('platform was accepted');
  });
});
