import { describe, expect, it } from 'vitest';
import { scanManifestWithCheck } from '../../../../test/helpers/fixture-scan.js';
import { findSudo, shellCode, sudoInScript } from './find-sudo.js';
import sudoInCommand from './index.js';

describe('sudo in a shell script', () => {
  const runs = (script: string): string | undefined => {
    const offset = sudoInScript(script);
    return offset === undefined ? undefined : script.slice(offset);
  };

  it('is found where a command starts', () => {
    for (const script of [
      'sudo ls',
      '/usr/bin/sudo ls',
      'apt-get update && sudo apt-get install -y curl',
      'a || sudo b',
      'a | sudo tee /etc/x',
      'a; sudo b',
      'a &sudo b',
      'a\n  sudo b',
      'x=$(sudo cat /etc/shadow)',
      'x=`sudo id`',
      '(sudo id)',
      '{ sudo id; }',
      '! sudo -n true',
      'if true; then sudo id; fi',
      'if command -v sudo >/dev/null; then sudo id; fi',
      'for f in a b; do sudo rm $f; done',
      'if false; then :; else sudo id; fi',
      'while sudo -n true; do sleep 1; done',
      'exec sudo -u app /app',
      'env -i PATH=/bin sudo id',
      'nohup sudo /app &',
      'find . | xargs -r sudo rm',
      'time sudo id',
      'command sudo id',
      'timeout 5 sudo id',
      'HOME=/root LANG=C sudo -E /app',
      'sudo>/dev/null 2>&1 id',
      'sudo<in id',
      'echo "$(sudo id)"',
      'echo "`sudo id`"',
      "su app -c 'sudo id'",
      'bash -lc "echo x; sudo id"',
      'cat <<EOF\nsudo in text\nEOF\nsudo id',
    ]) {
      expect(runs(script), script).toMatch(/^(?:\/usr\/bin\/)?sudo(?:[\s>]|<|$)/);
    }
    expect(runs('apt-get install -y sudo && sudo -n true')).toBe('sudo -n true');
  });

  it('is not found as an argument, in quoted text, in a comment or in a here-document', () => {
    for (const script of [
      'usermod -aG sudo coder && exec su coder -c /app',
      'apt-get update && apt-get install -y sudo curl && exec /app',
      'if command -v sudo >/dev/null; then echo has; fi; exec /app',
      "echo 'do not run this image with sudo'; exec /app",
      'echo "a; sudo b"',
      "echo 'a && sudo b'",
      'echo $\'x\\\'; sudo y\'',
      'echo a \\; sudo b',
      '# sudo is not needed\nexec /app',
      'exec /app # no sudo; ever',
      'cat > /etc/sudoers.d/app <<\'EOF\'\napp ALL=(ALL) NOPASSWD: ALL\nsudo x\nEOF\nexec /app',
      'cat <<-END\n\tsudo x\n\tEND\nexec /app',
      'test -z "$SUDO_USER" && exec /app',
      'visudo -c && pseudo x',
      'ls /usr/lib/sudo/ && cat /etc/sudo.conf',
      'sudoedit /etc/x',
      'sudo-rs id',
      'psql -c "select sudo from t"',
      'getent group sudo',
      'echo x | grep sudo',
      'echo ${sudo}',
      'x=$((1 << 2)); echo sudo',
    ]) {
      expect(runs(script), script).toBeUndefined();
    }
  });

  it('survives deeply nested quotes and substitutions', () => {
    expect(sudoInScript('"$('.repeat(5000))).toBeUndefined();
    expect(sudoInScript('sh -c "'.repeat(5000))).toBeUndefined();
    expect(sudoInScript(`${'"$('.repeat(3)}sudo id`)).toBe(9);
  });

  it('reads wrapper options in linear time, whether or not a sudo follows', () => {
    // Each option word below could be split two ways by a pattern with overlapping alternatives.
    for (const words of ['env -uA', 'env -u -u', 'nice -n5', 'nice -n -n', 'env -C /x -i', 'xargs -0', 'timeout -s']) {
      const options = ` ${words.split(' ').slice(1).join(' ')}`.repeat(400);
      expect(sudoInScript(`${words.split(' ')[0]}${options} x`)).toBeUndefined();
    }
    expect(sudoInScript(`env${' -uA'.repeat(400)} sudo id`)).toBe(4 + 4 * 400);
    expect(sudoInScript('env -u HOME sudo id')).toBe(12);
    expect(sudoInScript('nice -n 5 sudo id')).toBe(10);
    expect(sudoInScript('nice -n5 sudo id')).toBe(9);
  });

  it('masks without moving offsets', () => {
    const script = 'echo "a $(sudo id) b" \'c\' # d\nsudo x';
    expect(shellCode(script)).toHaveLength(script.length);
    expect(shellCode(script)).toBe('echo ___$(sudo id)___ ___ ___\nsudo x');
  });
});

describe('sudo in exec form', () => {
  it('is the program, or follows a wrapper', () => {
    expect(findSudo(['sudo', '-u', 'app', '/app'])).toEqual({ element: 0, program: 'sudo' });
    expect(findSudo(['/usr/bin/sudo', 'id'])).toEqual({ element: 0, program: 'sudo' });
    expect(findSudo(['/usr/bin/env', 'HOME=/root', 'sudo', 'id'])).toEqual({ element: 2, program: 'sudo' });
    expect(findSudo(['tini', '-s', '--', 'sudo', 'id'])).toEqual({ element: 3, program: 'sudo' });
    expect(findSudo(['dumb-init', '--rewrite', '15:2', 'sudo', 'id'])).toEqual({ element: 3, program: 'sudo' });
    expect(findSudo(['env', '-u', 'X', 'tini', '--', '/usr/bin/sudo', 'id'])).toEqual({ element: 5, program: 'sudo' });
    expect(findSudo(['exec', 'sudo', 'id'])).toEqual({ element: 1, program: 'sudo' });
    // doas, Alpine's sudo, the same way.
    expect(findSudo(['doas', '-u', 'app', '/app'])).toEqual({ element: 0, program: 'doas' });
    expect(findSudo(['tini', '--', '/usr/bin/doas', 'id'])).toEqual({ element: 2, program: 'doas' });
    expect(findSudo(['sh', '-c', 'apk add curl && doas -u app /app'])).toEqual({ element: 2, offset: 16, program: 'doas' });
    expect(findSudo(['sh', '-c', 'apk add doas && cat /etc/doas.conf; exec /app'])).toBeUndefined();
  });

  it('is found in the script of a shell run with -c, after its options', () => {
    expect(findSudo(['/bin/sh', '-c', 'sudo id'])).toEqual({ element: 2, offset: 0, program: 'sudo' });
    expect(findSudo(['bash', '-euo', 'pipefail', '-c', 'a; sudo id'])).toEqual({ element: 4, offset: 3, program: 'sudo' });
    expect(findSudo(['bash', '-o', 'pipefail', '-lc', 'sudo id'])).toEqual({ element: 4, offset: 0, program: 'sudo' });
    expect(findSudo(['tini', '--', 'sh', '-c', 'sudo id'])).toEqual({ element: 4, offset: 0, program: 'sudo' });
    expect(findSudo(['bash', '--login', '-c', 'sudo id', 'name', 'sudo'])).toEqual({ element: 3, offset: 0, program: 'sudo' });
  });

  it('is not an argument of another program, nor a shell script file', () => {
    expect(findSudo(['/app/server', '--admin-group', 'sudo'])).toBeUndefined();
    expect(findSudo(['apt-get', 'install', '-y', 'sudo'])).toBeUndefined();
    expect(findSudo(['sh', '/scripts/sudo'])).toBeUndefined();
    expect(findSudo(['sh', 'sudo id'])).toBeUndefined();
    expect(findSudo(['sh', '-c', 'echo x', 'sudo'])).toBeUndefined();
    expect(findSudo(['visudo', '-c'])).toBeUndefined();
    expect(findSudo(['sudoers'])).toBeUndefined();
    expect(findSudo([1, 'sudo'])).toBeUndefined();
    expect(findSudo(['env'])).toBeUndefined();
    expect(findSudo([])).toBeUndefined();
  });
});

describe('sudo-in-command messages', () => {
  const pod = (podContext: string, container: string): string =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: lab}\nspec:\n  securityContext: ${podContext}\n  containers:\n    - {name: app, image: "x:1", ${container}}\n`;
  const messages = (podContext: string, container: string): string[] => scanManifestWithCheck(pod(podContext, container), sudoInCommand).findings.map((f) => f.message);
  const advice = 'do the privileged work at build time or in an init container, run the process as the user it needs (runAsUser) and remove sudo from the image';

  it('says sudo only switches user when the container runs as root', () => {
    expect(messages('{}', 'command: ["sudo", "-u", "nobody", "/app"], securityContext: {runAsUser: 0, allowPrivilegeEscalation: false}')).toEqual([
      `container "app" runs sudo in its command ("sudo -u nobody /app"): it runs as root (runAsUser: 0), so sudo needs no setuid bit, works even under allowPrivilegeEscalation: false and only switches user, which hides the user the workload really runs as from its securityContext; ${advice}`,
    ]);
  });

  it('names doas where doas runs', () => {
    expect(messages('{}', 'command: ["doas", "-u", "nobody", "/app"], securityContext: {runAsUser: 1000}')).toEqual([
      'container "app" runs doas in its command ("doas -u nobody /app"): it runs as a non-root user, so doas needs a setuid-root binary and privilege escalation, the same path to root for whoever takes over the process; do the privileged work at build time or in an init container, run the process as the user it needs (runAsUser) and remove doas from the image, then set allowPrivilegeEscalation: false',
    ]);
  });

  it('says sudo fails as root when the container drops the capabilities it switches user with', () => {
    const failing = `container "app" runs sudo in its command ("sudo -u nobody /app"): it runs as root (runAsUser: 0) but drops CAP_SETUID or CAP_SETGID, without which sudo cannot switch user or set groups, so it fails; ${advice}`;
    for (const drop of ['[ALL]', '[SETGID]', '[setuid, NET_RAW]']) {
      expect(messages('{}', `command: ["sudo", "-u", "nobody", "/app"], securityContext: {runAsUser: 0, capabilities: {drop: ${drop}}}`)).toEqual([failing]);
    }
    // Added back, or privileged: sudo switches user as before.
    for (const context of ['capabilities: {drop: [ALL], add: [SETUID, SETGID]}', 'capabilities: {drop: [ALL]}, privileged: true', 'capabilities: {drop: [NET_RAW]}']) {
      expect(messages('{}', `command: ["sudo", "-u", "nobody", "/app"], securityContext: {runAsUser: 0, ${context}}`)[0]).toContain('only switches user');
    }
  });

  it('says sudo needs privilege escalation as a non-root user, and fails without it', () => {
    expect(messages('{runAsUser: 1000}', 'args: ["bash", "-c", "sudo id"]')).toEqual([
      `container "app" runs sudo in its args ("sudo id"): it runs as a non-root user, so sudo needs a setuid-root binary and privilege escalation, the same path to root for whoever takes over the process; ${advice}, then set allowPrivilegeEscalation: false`,
    ]);
    expect(messages('{runAsNonRoot: true}', 'command: ["sudo", "id"], securityContext: {allowPrivilegeEscalation: false}')).toEqual([
      `container "app" runs sudo in its command ("sudo id"): it runs as a non-root user with allowPrivilegeEscalation: false, so the setuid-root sudo cannot gain privileges and fails; ${advice}`,
    ]);
  });

  it('gives both outcomes when the image decides the user', () => {
    const [message] = messages('{}', 'command: ["sudo", "id"]');
    expect(message).toContain("neither runAsUser nor runAsNonRoot is set, so the image's user decides: as root, sudo only switches user");
    expect(message).toMatch(/, then set allowPrivilegeEscalation: false$/);
  });

  it('shows the sudo it reports: the script around it, the vector from it on', () => {
    const long = `echo ${'a'.repeat(90)} && sudo ls -la /root && exec /app --with-a-long-flag=${'b'.repeat(40)}`;
    const [script] = messages('{}', `command: ["sh", "-c", ${JSON.stringify(long)}]`);
    expect(script).toContain(`("…${'a'.repeat(26)} && sudo ls -la /root && exec /app --with-a-long-flag=…")`);
    const [vector] = messages('{}', `command: ["tini", "--", "sudo"], args: ["-u", "app", "sh", "-c", "echo hi; ${'c'.repeat(90)}"]`);
    expect(vector).toContain(`("sudo -u app sh -c 'echo hi; ${'c'.repeat(52)}…")`);
  });

  it('reads lifecycle hooks and exec probes, one finding each', () => {
    const findings = scanManifestWithCheck(
      pod('{}', 'command: ["/app"], lifecycle: {preStop: {exec: {command: ["sh", "-c", "sudo kill 1"]}}}, livenessProbe: {exec: {command: ["sudo", "-n", "true"]}}'),
      sudoInCommand,
    ).findings;
    expect(findings.map((f) => [f.path, f.message.slice(0, f.message.indexOf(':'))])).toEqual([
      ['spec.containers[0].lifecycle.preStop.exec.command[2]', 'container "app" runs sudo in its preStop hook ("sudo kill 1")'],
      ['spec.containers[0].livenessProbe.exec.command[0]', 'container "app" runs sudo in its livenessProbe ("sudo -n true")'],
    ]);
  });
});
