import { describe, expect, it } from 'vitest';
import type { TransactionalSendRecord } from '../../engine/ports/store.port';
import { type CurrentStore, inUnit } from './fixtures';

function record(campaignId: string, externalSendId: string, expiresMs: number, dispatchId = `d-${externalSendId}`): TransactionalSendRecord {
  return {
    campaign_id: campaignId,
    external_send_id: externalSendId,
    response: { dispatch_id: dispatchId, status: 'sent', metadata: { campaign_api_id: campaignId, external_send_id: externalSendId } },
    expires_ms: expiresMs,
  };
}

/** Transactional sends' deduplication keys (endpoints spec 4.3): per workspace and campaign, replaced by key, pruned by expiry, cleared by reset. */
export function describeTransactionalSendContract(current: CurrentStore): void {
  describe('transactional sends', () => {
    it('keys a record by workspace, campaign and external_send_id, and a unit reads its own', async () => {
      const store = current();
      const first = record('receipt', 'order-1', 1_000);
      await inUnit(store, async (tx) => {
        await tx.saveTransactionalSend('ws', first, 0);
        expect(await tx.getTransactionalSend('ws', 'receipt', 'order-1')).toEqual(first);
      });
      expect(await store.getTransactionalSend('ws', 'receipt', 'order-1')).toEqual(first);
      expect(await store.getTransactionalSend('ws', 'other-campaign', 'order-1')).toBeUndefined();
      expect(await store.getTransactionalSend('other', 'receipt', 'order-1')).toBeUndefined();
      expect(await store.getTransactionalSend('ws', 'receipt', 'order-2')).toBeUndefined();
      const again = record('receipt', 'order-1', 5_000, 'd-second');
      await inUnit(store, (tx) => tx.saveTransactionalSend('ws', again, 0));
      expect(await store.getTransactionalSend('ws', 'receipt', 'order-1')).toEqual(again);
    });

    it('drops the records that expired by the bound a save gives, only in its workspace', async () => {
      const store = current();
      await inUnit(store, async (tx) => {
        await tx.saveTransactionalSend('ws', record('receipt', 'a', 100), 0);
        await tx.saveTransactionalSend('ws', record('receipt', 'b', 200), 0);
        await tx.saveTransactionalSend('other', record('receipt', 'a', 100), 0);
      });
      await inUnit(store, (tx) => tx.saveTransactionalSend('ws', record('receipt', 'c', 400), 150));
      expect(await store.getTransactionalSend('ws', 'receipt', 'a')).toBeUndefined();
      expect(await store.getTransactionalSend('ws', 'receipt', 'b')).toEqual(record('receipt', 'b', 200));
      expect(await store.getTransactionalSend('ws', 'receipt', 'c')).toEqual(record('receipt', 'c', 400));
      expect(await store.getTransactionalSend('other', 'receipt', 'a')).toEqual(record('receipt', 'a', 100));
      // A replaced record lives until its new expiry.
      await inUnit(store, (tx) => tx.saveTransactionalSend('ws', record('receipt', 'b', 900), 150));
      await inUnit(store, (tx) => tx.saveTransactionalSend('ws', record('receipt', 'd', 1_000), 500));
      expect(await store.getTransactionalSend('ws', 'receipt', 'b')).toEqual(record('receipt', 'b', 900));
      expect(await store.getTransactionalSend('ws', 'receipt', 'c')).toBeUndefined();
    });

    it('writes nothing when the unit rejects, and reset clears the keys', async () => {
      const store = current();
      await inUnit(store, (tx) => tx.saveTransactionalSend('ws', record('receipt', 'kept', 1_000), 0));
      await expect(
        store.unit(async (tx) => {
          await tx.saveTransactionalSend('ws', record('receipt', 'lost', 1_000), 2_000);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await store.getTransactionalSend('ws', 'receipt', 'lost')).toBeUndefined();
      expect(await store.getTransactionalSend('ws', 'receipt', 'kept')).toEqual(record('receipt', 'kept', 1_000));
      await inUnit(store, (tx) => tx.resetWorkspace('ws', []));
      expect(await store.getTransactionalSend('ws', 'receipt', 'kept')).toBeUndefined();
    });
  });
}
