// The dialect registry: the only place that knows all front ends.
import type { Dialect } from '../model/source';
import type { Frontend } from './frontend';
import { iptablesFrontend } from './iptables';
import { nftablesFrontend } from './nftables';
import { pfFrontend } from './pf';

export const FRONTENDS: Readonly<Record<Dialect, Frontend>> = {
  iptables: iptablesFrontend,
  nftables: nftablesFrontend,
  pf: pfFrontend,
};

export type { Frontend, FrontendOptions, FrontendResult } from './frontend';
