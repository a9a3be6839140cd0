@uc:historical-paging
Feature: Historical meter data in pages, data unavailable, and get/cancel (IEC 61968-9 clause 5.3, use case MR-04; Annex B 0.1, 0.2, 5.7; 2013 Annex M)
  The CIS (the suite) asks the MDM or the head-end get(MeterReadings) for the 15-minute interval data of a meter over
  a range given in Request/StartTime and EndTime. A range larger than the SUT answers at once (CIM9-252 hours) comes
  in pages: each page Result PARTIAL with 0.1 (more results follow), the last with 0.2 (no further results,
  CIM9-251), the pages after the first at the request's ReplyAddress with its CorrelationID (CIM9-250: the reply is
  the first page); together they hold every interval of the range once, contiguous, and none outside it; nothing
  follows the last page. One complete reply is accepted as UC-12 says. The CIS does not ask for the next page: the
  envelope has no request for one (envelope.md §8: 0.1 means "more results follow in other messages"; use-cases.md
  §0.3 P5, "further messages"), so the pages come to the ReplyAddress unasked and the CIS takes them there. An answer
  with more pages saying 0.1 than the intervals of the range can fill one by one does not end: the suite stops there.
  The same scenarios judge the MDM (MR-04.P1, the MDM paging its own answer to the CIS) and the head-end (MR-04.P2).
  A range the SUT cannot have data of (a day before its history, CIM9-253; intervals that have not ended yet) is
  answered with none of that data and a Reply that says so: FAILED with 5.7 when none of the range has data, PARTIAL
  with 5.7 and the data there is when part of it has (expectedCodes.dataUnavailable; Result OK: CIM9-254).
  Get/cancel (2013 Annex M, ENV-17): a long-running get (asynchronous, paged) is canceled with cancel(MeterReadings)
  naming it in Request/ID kind="transaction"; the cancel is answered OK and nothing more of the get follows.

  @usecase:MR-04 @pattern:P5 @edition:2024 @clause:2024:5.3 @clause:2024:AnnexB
  @clause:2013:5.3.5 @clause:2013:AnnexB @role:MDM @edition:2013 @req:MR-04.P1
  Scenario: The CIS reads a large range of interval data from the MDM and gets it in contiguous pages
    Given a meter installed at a usage point
    When the CIS asks the "MDM" for the interval data of the meter over a range too large for one message
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer comes in contiguous pages that hold every interval of the range once, the last one saying no more follow

  @usecase:MR-04 @pattern:P5 @edition:2024 @clause:2024:5.3 @clause:2024:AnnexB
  @clause:2013:5.3.5 @clause:2013:AnnexB @role:HES @edition:2013 @req:MR-04.P2
  Scenario: The MDM-side peer reads a large range of interval data from the head-end and gets it in contiguous pages
    Given a meter installed at a usage point
    When the CIS asks the "HES" for the interval data of the meter over a range too large for one message
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer comes in contiguous pages that hold every interval of the range once, the last one saying no more follow

  @usecase:MR-04 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:MDM @edition:2013 @req:MR-04.U1
  Scenario: The MDM says the interval data of a day before its history is unavailable
    Given a meter installed at a usage point
    When the CIS asks the "MDM" for the interval data of the meter for a day before its history
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer carries none of the data the SUT cannot have and says it is unavailable

  @usecase:MR-04 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:HES @edition:2013 @req:MR-04.U2
  Scenario: The head-end says the interval data of a day before its history is unavailable
    Given a meter installed at a usage point
    When the CIS asks the "HES" for the interval data of the meter for a day before its history
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer carries none of the data the SUT cannot have and says it is unavailable

  @usecase:MR-04 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:MDM @edition:2013 @req:MR-04.U3
  Scenario: The MDM answers a range that ends after now with the intervals there are, PARTIAL with data unavailable
    Given a meter installed at a usage point
    When the CIS asks the "MDM" for the interval data of the meter for a range that ends after now
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer carries none of the data the SUT cannot have and says it is unavailable

  @usecase:MR-04 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:HES @edition:2013 @req:MR-04.U4
  Scenario: The head-end answers a range that ends after now with the intervals there are, PARTIAL with data unavailable
    Given a meter installed at a usage point
    When the CIS asks the "HES" for the interval data of the meter for a range that ends after now
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer carries none of the data the SUT cannot have and says it is unavailable

  @usecase:MISC @pattern:P5 @clause:2013:AnnexM
  @role:MDM @edition:2013 @req:MISC-1.1 @cap:async
  Scenario: The CIS cancels a long-running get at the MDM and nothing of it follows the cancel
    Given a meter installed at a usage point
    When the CIS asks the "MDM" asynchronously for the interval data of the meter over a long range
    Then the reply is valid against its schemas
    And the reply header is conformant
    When the CIS cancels the get, naming it by its transaction
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And nothing more of the canceled get arrives after the cancel was answered

  @usecase:MISC @pattern:P5 @clause:2013:AnnexM
  @role:HES @edition:2013 @req:MISC-1.2 @cap:async
  Scenario: The MDM-side peer cancels a long-running get at the head-end and nothing of it follows the cancel
    Given a meter installed at a usage point
    When the CIS asks the "HES" asynchronously for the interval data of the meter over a long range
    Then the reply is valid against its schemas
    And the reply header is conformant
    When the CIS cancels the get, naming it by its transaction
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And nothing more of the canceled get arrives after the cancel was answered
