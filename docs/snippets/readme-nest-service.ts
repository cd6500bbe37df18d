// orders.service.ts
import { Inject, Injectable } from '@nestjs/common';
import { TriggerKitClient } from '@triggerkit/core';

@Injectable()
export class OrdersService {
  constructor(@Inject(TriggerKitClient) private readonly triggerKit: TriggerKitClient) {} // or @Inject(TRIGGERKIT_CLIENT)

  async confirm(userId: string, email: string, orderId: string) {
    // create-and-send: the attributes travel with the trigger, so there is no /users/track race
    return this.triggerKit.campaigns.triggerSend({
      campaign_id: 'order-confirmation',
      recipients: [{ external_user_id: userId, send_to_existing_only: false, attributes: { email }, trigger_properties: { order_id: orderId } }],
    });
  }
}
