// Containers of one server instance, straight from Docker: what tests assert on and clean up by id.
import { docker } from './docker-client.js';

export interface InstanceContainer {
  id: string;
  /** The lab id from the name `<instance>-lab-<id>` (a pool id for an unclaimed pool container). */
  labId: string;
  state: string;
  labels: Record<string, string>;
}

export async function instanceContainers(instance: string): Promise<InstanceContainer[]> {
  const prefix = `/${instance}-lab-`;
  const all = await docker.listContainers({ all: true, filters: { name: [`^${prefix}`] } });
  return all.flatMap((c) => {
    const name = c.Names.find((n) => n.startsWith(prefix));
    return name ? [{ id: c.Id, labId: name.slice(prefix.length), state: c.State, labels: c.Labels }] : [];
  });
}

/** Removes every container of the instance, by id. */
export async function removeInstanceContainers(instance: string): Promise<void> {
  const all = await instanceContainers(instance);
  await Promise.all(
    all.map((c) =>
      docker
        .getContainer(c.id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

/** Polls `probe` until it returns a value other than undefined/false; the error names what and the budget. */
type Maybe<T> = T | false | undefined;

export async function waitFor<T>(
  what: string,
  probe: () => Promise<Maybe<T>> | Maybe<T>,
  budgetMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${budgetMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
