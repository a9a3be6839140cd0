@uc:relayed-history
Feature: Relayed historical interval data (IEC 61968-9 clause 5.3, use case MR-04 through the MDM, pattern P6; Annex B 0.1, 0.2)
  The CIS asks the MDM for the 15-minute interval data of a meter over a range CIM9-229 days back: data the MDM does
  not hold and its head-end does. The suite plays both peers of the MDM: the CIS, and the head-end at <listener>/hes
  (pics.MDM.sends). The MDM asks its head-end for the range (the meter, the interval ReadingType, a range
  covering the CIS's) and relays exactly the intervals the head-end gave. Whether the MDM may answer from its own store
  instead is assumption CIM9-228 (default store-allowed: not asking is info, and the answer is then checked as the
  MDM's own data). The head-end the suite plays answers more than its page size (peers.HES.pageIntervals of the
  profile, 48 by default; the paged read asks for at least two pages of it) intervals in pages: the first in its reply
  (PARTIAL, 0.1), the later ones at the ReplyAddress of the MDM's request (0.1, the last 0.2) with its CorrelationID.
  The MDM must give that ReplyAddress, take every page, and relay a complete, contiguous answer: one reply with every
  interval of every page, or pages of its own to the CIS's ReplyAddress, judged by the paging rules of MR-04
  (features/historical-paging.feature).

  @usecase:MR-04 @pattern:P6 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.5 @role:MDM @edition:2013 @req:MR-04.R1 @cap:relay
  Scenario: The MDM relays historical interval data it does not hold from its head-end to the CIS
    Given a meter installed at a usage point
    When the CIS asks the MDM for interval data of the meter the MDM does not hold, the suite playing its head-end
    Then the MDM asks the head-end for the interval data of the meter over that range
    And the reply is valid against its schemas
    And the reply header is conformant
    And the answer carries exactly the intervals of every message of the head-end's answer

  @usecase:MR-04 @pattern:P6 @edition:2024 @clause:2024:5.3 @clause:2024:AnnexB
  @clause:2013:5.3.5 @clause:2013:AnnexB @role:MDM @edition:2013 @req:MR-04.R2 @cap:relay
  Scenario: The MDM takes every page of its head-end's answer to a large historical range and relays a complete, contiguous answer
    Given a meter installed at a usage point
    When the CIS asks the MDM for a range of interval data the MDM does not hold and its head-end answers in pages
    Then the MDM asks the head-end for the interval data of the meter over that range
    And the reply is valid against its schemas
    And the reply header is conformant
    And the answer comes in contiguous pages that hold every interval of the range once, the last one saying no more follow
    And the answer carries exactly the intervals of every message of the head-end's answer
