import pg from "pg";

/** A plain client on `url` (the admin database or a bench database) for the duration of `work`. */
export async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates the fresh database `name` through `adminUrl` and returns the
 * server's version and `synchronous_commit`, which every bench prints.
 */
export function createBenchDatabase(adminUrl, name) {
  return withClient(adminUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}"`);
    const { rows } = await client.query(
      "SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS sync",
    );
    return rows[0];
  });
}

/** Drops the bench database `name` (closing its connections); nothing when it does not exist. */
export function dropBenchDatabase(adminUrl, name) {
  return withClient(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
}
