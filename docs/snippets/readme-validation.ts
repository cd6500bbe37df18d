import { validateCampaignTriggerSend, type CampaignTriggerSendRequestInput } from '@triggerkit/core';

const body: CampaignTriggerSendRequestInput = { campaign_id: 'order-confirmation', recipients: [{ email: 'zoe@example.com' }] };
const result = validateCampaignTriggerSend(body);
if (!result.ok) console.log(result.error.httpStatus, result.error.toBody());
// 400 { message: 'Invalid recipient', errors: ['recipients[0].prioritization: required with email'] }
