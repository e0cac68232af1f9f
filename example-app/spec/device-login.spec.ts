/**
 * `npm run manage -- device-login` against the running example app (the README's device walk-through): it prints
 * the verification URI and the user code, polls at the interval, and prints the token response once the demo user
 * approved in the browser; the wait between polls advances the validator's clock instead of sleeping.
 */
import { expect } from 'chai';

import { deviceLogin } from '../commands/device-login.js';
import { runManage } from '../commands/index.js';
import { DEMO_DEVICE_CLIENT_ID } from '../demo.js';
import { approveInBrowser, useClockedExampleProvider } from '../../spec/helpers/device.js';
import { UserAgent } from '../../spec/views/oidc/user-agent.js';

describe('manage device-login (the demo device client)', function () {
  this.timeout(60000);
  const { clock, provider } = useClockedExampleProvider();

  it('prints where to go and the code, polls, and returns the tokens after the approval', async () => {
    const lines: string[] = [];
    const waits: number[] = [];
    const tokens = await deviceLogin({
      issuer: provider().issuer,
      clientId: DEMO_DEVICE_CLIENT_ID,
      scope: 'read',
      out: (line) => lines.push(line),
      async sleep(seconds) {
        waits.push(seconds);
        clock.advance(seconds);
        // The user approves between the second and the third poll.
        if (waits.length === 2) {
          const complete = /\(or open (\S+),/.exec(lines.join('\n'))?.[1] ?? '';
          await approveInBrowser(new UserAgent(), complete, provider().credentials);
        }
      },
    });
    expect(lines[0]).to.match(
      new RegExp(`^To sign this device in, open ${provider().issuer}/device/ and enter the code [B-Z]{4}-[B-Z]{4}$`),
    );
    expect(waits).to.deep.equal([5, 5]);
    expect(tokens).to.include({ token_type: 'Bearer', scope: 'read' });
    expect(tokens.access_token).to.be.a('string');
  });

  it('fails with the reason when nobody approves before the code expires, and needs --client-id', async () => {
    const expired = deviceLogin({
      issuer: provider().issuer,
      clientId: DEMO_DEVICE_CLIENT_ID,
      out: () => undefined,
      // Nobody approves, and the wait passes the code's lifetime: the token endpoint answers expired_token.
      sleep: async () => clock.advance(1800),
    });
    await expired.then(
      () => expect.fail('a sign-in nobody approved must fail'),
      (error: Error) => expect(error.message).to.include('expired_token'),
    );
    const err: string[] = [];
    const status = await runManage(['device-login'], { out: () => undefined, err: (l) => err.push(l), env: {} });
    expect(status).to.equal(2);
    expect(err.join('\n')).to.include('--client-id is required');
  });
});
