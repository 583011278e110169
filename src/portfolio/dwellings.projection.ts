import type { Projection } from '../projections/projection.js';
import type { DwellingEvent } from './dwelling/dwelling.events.js';

type Tables = 'dwellings';

/** The portfolio as a table: one row per dwelling with its current description and status. */
export const dwellingsProjection: Projection<Tables> = {
  name: 'dwellings',
  version: 1,
  eventTypes: ['DwellingRegistered'],
  tables: {
    dwellings: (t) => `
      CREATE TABLE ${t} (
        dwelling_id uuid PRIMARY KEY,
        kommunenummer text NOT NULL,
        gardsnummer integer NOT NULL,
        bruksnummer integer NOT NULL,
        festenummer integer,
        seksjonsnummer integer,
        bruksenhetsnummer text NOT NULL,
        street text NOT NULL,
        postal_code text NOT NULL,
        postal_town text NOT NULL,
        district text NOT NULL,
        dwelling_type text NOT NULL,
        rooms integer NOT NULL,
        bedrooms integer NOT NULL,
        primary_area_m2 numeric NOT NULL,
        floor integer NOT NULL,
        wheelchair_accessible boolean NOT NULL,
        universally_designed boolean NOT NULL,
        shared_living boolean NOT NULL,
        rent_to_own_potential boolean NOT NULL,
        ownership text NOT NULL,
        lease_in_end_date date,
        status text NOT NULL,
        registered_on date NOT NULL,
        revision bigint NOT NULL,
        position bigint NOT NULL
      );
      CREATE INDEX ON ${t} (kommunenummer, dwelling_id);
      CREATE INDEX ON ${t} (status, dwelling_id);
      CREATE INDEX ON ${t} (district, dwelling_id);`,
  },
  async apply(client, tables, events) {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as DwellingEvent;
      switch (event.type) {
        case 'DwellingRegistered': {
          const d = event.data;
          await client.query(
            `INSERT INTO ${tables.dwellings} (dwelling_id, kommunenummer, gardsnummer, bruksnummer, festenummer, seksjonsnummer,
               bruksenhetsnummer, street, postal_code, postal_town, district, dwelling_type, rooms, bedrooms, primary_area_m2, floor,
               wheelchair_accessible, universally_designed, shared_living, rent_to_own_potential, ownership, lease_in_end_date,
               status, registered_on, revision, position)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,'available',$23,$24,$25)`,
            [
              d.dwellingId, d.matrikkel.kommunenummer, d.matrikkel.gardsnummer, d.matrikkel.bruksnummer, d.matrikkel.festenummer,
              d.matrikkel.seksjonsnummer, d.bruksenhetsnummer, d.address.street, d.address.postalCode, d.address.postalTown,
              d.district, d.dwellingType, d.rooms, d.bedrooms, d.primaryAreaM2, d.floor, d.wheelchairAccessible,
              d.universallyDesigned, d.sharedLiving, d.rentToOwnPotential, d.ownership, d.leaseInEndDate, d.registeredOn,
              recorded.revision.toString(), recorded.position.toString(),
            ],
          );
          break;
        }
        default:
          break;
      }
    }
  },
};
