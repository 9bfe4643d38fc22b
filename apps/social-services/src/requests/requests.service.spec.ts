import { RequestSource, RequestState } from '@grid122/contracts';
import { allowedActions, RequestsService } from './requests.service';

describe(RequestsService.name, () => {
  describe('the state machine (allowedActions)', () => {
    const sut = allowedActions;
    it('assigns, delivers, then only the resident confirms', () => {
      expect(sut(RequestState.Opened, RequestSource.Resident)).toEqual(['assign', 'cancel']);
      expect(sut(RequestState.Assigned, RequestSource.Resident)).toEqual(['assign', 'deliver', 'cancel']);
      expect(sut(RequestState.Delivered, RequestSource.Resident)).toEqual(['confirm']);
    });
    it('sends an office dispatch back instead of cancelling it', () => {
      expect(sut(RequestState.Opened, RequestSource.OfficeDispatch)).toEqual(['assign', 'return']);
      expect(sut(RequestState.Assigned, RequestSource.OfficeDispatch)).toEqual(['assign', 'deliver', 'return']);
    });
    it('ends in confirmed, cancelled and returned', () => {
      for (const s of [RequestState.Confirmed, RequestState.Cancelled, RequestState.Returned]) {
        expect(sut(s, RequestSource.Resident)).toEqual([]);
        expect(sut(s, RequestSource.OfficeDispatch)).toEqual([]);
      }
    });
  });
});
