// Several real Lightbox processes (`lightbox serve`) sharing one data folder and whatever store/Redis the env names:
// startLightboxProcess with a data folder that belongs to the caller, so instances given the same one share photos.
import { startLightboxProcess } from './lightbox-process.ts';

export interface LightboxInstance {
  url: string;
  output: string[];
  /** With demo: the demo login the instance printed. */
  demo: { email: string; password: string } | null;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts `lightbox serve --port 0 --data <dataDir>` with `env` on top of this process's environment and resolves once
 * it prints its address (and, with demo, its demo login). The data folder is the caller's and stays after stop().
 */
export async function startInstance(dataDir: string, env: Record<string, string>, options: { demo?: boolean } = {}): Promise<LightboxInstance> {
  const started = await startLightboxProcess({ dataDir, env, ...(options.demo ? { demo: true } : {}) });
  return {
    url: started.url,
    output: started.output,
    demo: started.demo ? { email: started.demo.email, password: started.demo.password } : null,
    stop: () => started.stop(),
  };
}
