import type { CameraRecord, CameraStore } from './db/camera-store';

/**
 * In-memory copy of a site's cameras, so ingestion maps camera names to ids without a query
 * per message. Names never seen before get a row on first use.
 */
// TODO: with several core instances, a camera change made through another instance reaches
// this copy only at the next discovery (every ten minutes) or restart.
export class CameraDirectory {
  private readonly byName = new Map<string, CameraRecord>();

  constructor(
    private readonly siteId: string,
    private readonly store: CameraStore,
    /** Called when the set of cameras or their names or states changed. */
    private readonly onChange: (cameras: CameraRecord[]) => void,
  ) {}

  async load(): Promise<void> {
    const cameras = await this.store.all(this.siteId);
    const before = this.signature();
    this.byName.clear();
    for (const camera of cameras) this.byName.set(camera.name, camera);
    if (before !== this.signature()) this.onChange(this.visible());
  }

  /** Cameras by name, creating rows for unknown names. */
  async resolve(names: Iterable<string>): Promise<Map<string, CameraRecord>> {
    const wanted = [...new Set(names)];
    const missing = wanted.filter((name) => !this.byName.has(name));
    if (missing.length > 0) {
      for (const camera of await this.store.ensure(this.siteId, missing))
        this.byName.set(camera.name, camera);
      this.onChange(this.visible());
    }
    const result = new Map<string, CameraRecord>();
    for (const name of wanted) {
      const camera = this.byName.get(name);
      if (camera !== undefined) result.set(name, camera);
    }
    return result;
  }

  /** Store a camera changed through the API. */
  put(camera: CameraRecord): void {
    this.byName.set(camera.name, camera);
    this.onChange(this.visible());
  }

  byId(id: string): CameraRecord | undefined {
    for (const camera of this.byName.values()) if (camera.id === id) return camera;
    return undefined;
  }

  /** Cameras not removed by a user. */
  visible(): CameraRecord[] {
    return [...this.byName.values()]
      .filter((camera) => camera.deletedAt === null)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private signature(): string {
    return JSON.stringify(
      this.visible().map((c) => [c.id, c.name, c.friendlyName, c.enabled, c.labels]),
    );
  }
}
