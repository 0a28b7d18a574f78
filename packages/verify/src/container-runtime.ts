/** How long to wait for a container runtime to answer before falling back to the embedded server. */
export const CONTAINER_RUNTIME_PROBE_TIMEOUT_MS = 3_000;

/**
 * True when testcontainers finds a working container runtime (Docker, Podman, Colima, a remote
 * DOCKER_HOST...). Quiet and quick when there is none: testcontainers answers in milliseconds when
 * no socket exists, and an unresponsive one is given up on after `timeoutMs`. testcontainers is
 * only loaded here, so a run that never needs it does not pay for it.
 */
export async function containerRuntimeReachable(
  timeoutMs = CONTAINER_RUNTIME_PROBE_TIMEOUT_MS,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = import('testcontainers').then(
    ({ getContainerRuntimeClient }) => getContainerRuntimeClient().then(() => true),
    () => false,
  );
  try {
    return await Promise.race([probe.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
