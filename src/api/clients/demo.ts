// Demo contacts for `--demo`: a few clients and leads, added through the clients service like any other.
import type { ClientInput, ClientDeps } from './service.ts';
import { createClient } from './service.ts';

const DEMO_CLIENTS: readonly ClientInput[] = [
  { email: 'olivia.bennett@example.com', firstName: 'Olivia', lastName: 'Bennett', phone: '+1 415 555 0142', type: 'client', statusName: 'Booked', notes: 'Wedding on 14 June at Lakeside Gardens. Second shooter confirmed.' },
  { email: 'marcus.chen@example.com', firstName: 'Marcus', lastName: 'Chen', phone: '+1 415 555 0178', type: 'client', statusName: 'Gallery delivered', notes: 'Family portraits; ordered two prints.' },
  { email: 'amelie.dubois@example.com', firstName: 'Amélie', lastName: 'Dubois', type: 'client', statusName: 'Editing', notes: null },
  { email: 'sam.okafor@example.com', firstName: 'Sam', lastName: 'Okafor', phone: '+44 20 7946 0321', type: 'lead', statusName: 'Inquiry', notes: 'Asked about an engagement shoot in the autumn.' },
  { email: 'priya.raman@example.com', firstName: 'Priya', lastName: 'Raman', type: 'lead', statusName: 'Proposal sent', notes: 'Corporate headshots for 12 people.' },
  { email: 'hello@northwind-events.example.com', firstName: 'Northwind', lastName: 'Events', type: 'other', statusName: 'Partner', notes: 'Venue coordinator; refers couples.' },
];

/** Adds the demo contacts to a studio that has none yet, so later --demo starts never duplicate or resurrect them. */
export async function seedDemoClients(deps: ClientDeps, studioId: string): Promise<number> {
  const existing = await deps.store.clients.listClients(studioId, { types: null, search: null }, { limit: 1, offset: 0 });
  if (existing.total > 0) return 0;
  for (const client of DEMO_CLIENTS) await createClient(deps, studioId, client);
  return DEMO_CLIENTS.length;
}
