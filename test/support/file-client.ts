// The editor's file routes as a browser calls them (GET /api/labs/:id/files and /file, PUT /file with a
// raw body and If-Match / If-None-Match), under a session cookie; for the integration test and the bench.

export interface FileReply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
  body: any;
  etag: string | null;
}

export interface SaveOptions {
  machine?: string;
  /** The version opened (If-Match), or `new` (If-None-Match: *); none overwrites. */
  expect?: string | 'new';
  contentType?: string;
}

export function fileClient(base: string, cookie: () => string, labId: string) {
  const query = (path: string, machine?: string) =>
    `?path=${encodeURIComponent(path)}${machine ? `&machine=${encodeURIComponent(machine)}` : ''}`;
  const call = async (method: string, url: string, headers: Record<string, string> = {}, body?: Buffer) => {
    const res = await fetch(`${base}/api/labs/${labId}${url}`, {
      method,
      headers: { cookie: cookie(), ...headers },
      body: body && new Uint8Array(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, etag: res.headers.get('etag') };
  };
  return {
    list: (path: string, machine?: string): Promise<FileReply> =>
      call('GET', `/files${query(path, machine)}`),
    open: (path: string, machine?: string): Promise<FileReply> => call('GET', `/file${query(path, machine)}`),
    save(path: string, content: string | Buffer, opts: SaveOptions = {}): Promise<FileReply> {
      const headers: Record<string, string> = {
        'content-type': opts.contentType ?? 'text/plain; charset=utf-8',
      };
      if (opts.expect === 'new') headers['if-none-match'] = '*';
      else if (opts.expect) headers['if-match'] = `"${opts.expect}"`;
      return call('PUT', `/file${query(path, opts.machine)}`, headers, Buffer.from(content));
    },
  };
}
